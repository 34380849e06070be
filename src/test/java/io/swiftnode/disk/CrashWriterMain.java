package io.swiftnode.disk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A process that writes objects until it is killed, printing {@code ACK <object> <etag> <ts>} after
 * each write is acknowledged (put and committed), as the object server would answer 201.
 * Used by {@link CrashTest}.
 */
public final class CrashWriterMain {
    private CrashWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path devices = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        Random rnd = new Random(seed);
        DiskFileManager mgr = new DiskFileManager(DiskConfig.defaults(devices, new HashPath("changeme", "changeme")));
        byte[] chunk = new byte[65536];
        double base = 1_700_000_000 + seed * 1000;
        for (long i = 0;; i++) {
            String obj = "o" + rnd.nextInt(20);
            DiskFile df = mgr.diskFile("sda", "0", "a", "c", obj, 0);
            Timestamp ts = Timestamp.of(base + i * 0.01);
            int size = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(600_000);
            try (DiskFileWriter w = df.create(size)) {
                int left = size;
                while (left > 0) {
                    rnd.nextBytes(chunk);
                    int n = Math.min(left, chunk.length);
                    w.write(chunk, 0, n);
                    left -= n;
                }
                String etag = w.etag();
                Map<String, String> md = new LinkedHashMap<>();
                md.put("X-Timestamp", ts.internal());
                md.put("Content-Type", "application/octet-stream");
                md.put("Content-Length", Integer.toString(size));
                md.put("ETag", etag);
                w.put(md);
                w.commit();
                System.out.println("ACK " + obj + " " + etag + " " + ts.internal());
                System.out.flush();
            }
        }
    }
}
