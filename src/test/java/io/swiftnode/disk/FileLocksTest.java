package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our flocks and Python Swift's {@code lock_path} exclude each other, in both directions. */
class FileLocksTest {
    private static Process python(String code) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", code).redirectErrorStream(true).start();
        return p;
    }

    @Test
    void pythonHolderBlocksUsUntilItReleases(@TempDir Path dir) throws Exception {
        Process p = python("from swift.common.utils import lock_path\nimport time\n"
                + "with lock_path('" + dir + "', timeout=5):\n    print('locked', flush=True)\n    time.sleep(1.5)\n");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", r.readLine(), "python (Debian python3-swift) must be installed");
            assertThrows(LockTimeout.class, () -> FileLocks.lockPath(dir, Duration.ofMillis(300), null, 1));
            long t0 = System.nanoTime();
            try (FileLocks.Held h = FileLocks.lockPath(dir, Duration.ofSeconds(10), null, 1)) {
                assertTrue(System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(200));
                assertEquals(dir.resolve(".lock"), h.file());
            }
        }
        assertEquals(0, p.waitFor());
    }

    @Test
    void weBlockPythonAndLimitedLocksTakeAnyFreeSlot(@TempDir Path dir) throws Exception {
        try (FileLocks.Held h = FileLocks.lockPath(dir, Duration.ofSeconds(1), "replication", 1)) {
            Process p = python("from swift.common.utils import lock_path\n"
                    + "from swift.common.exceptions import LockTimeout\n"
                    + "try:\n    with lock_path('" + dir + "', timeout=0.3, name='replication'):\n        print('got')\n"
                    + "except LockTimeout:\n    print('timeout')\n");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals("timeout", out);
            // with limit 2 a second holder gets .lock-1
            try (FileLocks.Held a = FileLocks.lockPath(dir, Duration.ofSeconds(1), null, 2);
                    FileLocks.Held b = FileLocks.lockPath(dir, Duration.ofSeconds(1), null, 2)) {
                assertEquals(dir.resolve(".lock"), a.file());
                assertEquals(dir.resolve(".lock-1"), b.file());
                assertThrows(LockTimeout.class, () -> FileLocks.lockPath(dir, Duration.ofMillis(100), null, 2));
            }
        }
        assertTrue(Files.exists(dir.resolve(".lock-replication")));
    }

    @Test
    void threadsOfOneJvmExcludeEachOther(@TempDir Path dir) throws Exception {
        int[] counter = {0};
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int j = 0; j < 200; j++) {
                    try (FileLocks.Held h = FileLocks.lockPath(dir)) {
                        int v = counter[0];
                        Thread.onSpinWait();
                        counter[0] = v + 1;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(800, counter[0]);
    }
}
