package io.swiftnode.it;

import io.swiftnode.it.cluster.Logs;
import io.swiftnode.it.cluster.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a ring with Debian's {@code swift-ring-builder} (run by {@code /usr/bin/python3}):
 * {@code create <part power> <replicas> 1}, {@code add <devices…>}, {@code rebalance}, in {@code etc}
 * ({@code <name>.builder}, {@code <name>.ring.gz}); the builder's output goes to
 * {@code <logs>/ring-<name>.out}. A ring costs several seconds of CPU: build it once per test class.
 * Stateless.
 */
public final class SwiftRings {
    private SwiftRings() {
    }

    /**
     * @param devices {@code add} arguments as swift-ring-builder takes them, e.g.
     *     {@code "r1z1-127.0.0.1:6200/d1", "100"}
     * @throws IllegalStateException with the builder's output when a step fails
     */
    public static void build(Path etc, Path logs, String name, int partPower, int replicas, List<String> devices)
            throws InterruptedException {
        String builder = etc.resolve(name + ".builder").toString();
        List<String> add = new ArrayList<>(List.of(builder, "add"));
        add.addAll(devices);
        Path out = logs.resolve("ring-" + name + ".out");
        for (List<String> args : List.of(List.of(builder, "create", String.valueOf(partPower),
                String.valueOf(replicas), "1"), add, List.of(builder, "rebalance"))) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "/usr/bin/swift-ring-builder"));
            cmd.addAll(args);
            Proc p = Proc.start("ring-" + name, cmd, Map.of(), etc, out);
            int rc = p.await(180);
            // swift-ring-builder: 0 success, 1 warning, 2 error
            if (rc != 0 && rc != 1) {
                throw new IllegalStateException("swift-ring-builder " + String.join(" ", args) + " exited " + rc
                        + ":\n" + p.tail(20));
            }
        }
        if (!Files.isRegularFile(etc.resolve(name + ".ring.gz"))) {
            throw new IllegalStateException("no " + name + ".ring.gz:\n" + Logs.tail(out, 20));
        }
    }
}
