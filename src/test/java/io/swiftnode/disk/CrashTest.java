package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process (SIGKILL) at random instants and checks that no partial object is ever
 * visible, no acknowledged write is lost, and temp-file leftovers are ignored by readers.
 */
class CrashTest {
    @Test
    void killedWritersLeaveNoPartialObjectAndLoseNoAcknowledgedWrite(@TempDir Path devices) throws Exception {
        Files.createDirectories(devices.resolve("sda"));
        DiskFileManager mgr = new DiskFileManager(DiskConfig.defaults(devices, new HashPath("changeme", "changeme")));
        Random rnd = new Random(7);
        Map<String, String[]> acked = new HashMap<>(); // object -> {etag, ts}
        int kills = 8;
        int totalAcks = 0;
        for (int k = 0; k < kills; k++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName(),
                    devices.toString(), Integer.toString(k)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700 + rnd.nextInt(1500));
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                // read ACKs until the kill instant; each ACK is a 201 the writer would have sent
                Thread killer = new Thread(() -> {
                    long wait = killAt - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000);
                        } catch (InterruptedException ignored) {
                            return;
                        }
                    }
                    p.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                });
                killer.start();
                String line;
                while ((line = readLine(r)) != null) {
                    String[] f = line.split(" ");
                    if (f.length == 4 && f[0].equals("ACK") && f[2].length() == 32 && f[3].length() == 16) {
                        acked.put(f[1], new String[] {f[2], f[3]});
                        totalAcks++;
                    }
                }
                killer.join();
            }
            p.waitFor();
            verify(mgr, devices, acked);
        }
        assertTrue(totalAcks > kills, "the writer acknowledged writes between kills: " + totalAcks);
    }

    /** A line, or null at EOF or when the kill closed the pipe under us (only complete lines count). */
    private static String readLine(BufferedReader r) {
        try {
            return r.readLine();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void verify(DiskFileManager mgr, Path devices, Map<String, String[]> acked) throws Exception {
        for (int i = 0; i < 20; i++) {
            String obj = "o" + i;
            DiskFile df = mgr.diskFile("sda", "0", "a", "c", obj, 0);
            String[] ack = acked.get(obj);
            try (DiskFileReader rd = df.open()) {
                // visible: complete and consistent, at least as new as the last acknowledged write
                MessageDigest md = MessageDigest.getInstance("MD5");
                long n = 0;
                try (InputStream in = rd.stream(0, rd.contentLength())) {
                    byte[] buf = new byte[65536];
                    int r;
                    while ((r = in.read(buf)) > 0) {
                        md.update(buf, 0, r);
                        n += r;
                    }
                }
                assertFalse(rd.quarantined(), obj + " was corrupt");
                assertEquals(rd.contentLength(), n);
                assertEquals(rd.metadata().get("ETag"), HexFormat.of().formatHex(md.digest()), obj);
                if (ack != null) {
                    Timestamp seen = rd.dataTimestamp();
                    assertFalse(seen.isBefore(Timestamp.parse(ack[1])), obj + " lost an acknowledged write");
                    if (seen.equals(Timestamp.parse(ack[1]))) {
                        assertEquals(ack[0], rd.metadata().get("ETag"));
                    }
                }
            } catch (DiskFileNotExist e) {
                assertEquals(null, ack, obj + " was acknowledged but is not readable: " + e);
            }
        }
        assertFalse(Files.exists(devices.resolve("sda").resolve("quarantined")), "nothing was quarantined");
    }
}
