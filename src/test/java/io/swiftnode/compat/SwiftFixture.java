package io.swiftnode.compat;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A swift dir (swift.conf with prefix/suffix {@code changeme} and policies 0 and 1) and a runner for
 * {@code diskfile_compat.py}, which drives Debian's Python Swift 2.30.1 on the same files as ours.
 * Requests and answers are JSON; every non-ASCII character is sent as a {@code \\uXXXX} escape so
 * that lone surrogates (Python's surrogateescape) survive the trip.
 */
final class SwiftFixture {
    static final String PYTHON = "/usr/bin/python3";
    final Path root;
    final Path swiftDir;
    final Path script;

    SwiftFixture(Path root) throws IOException {
        if (!Files.isExecutable(Path.of(PYTHON)) || !Files.exists(Path.of("/usr/lib/python3/dist-packages/swift"))) {
            fail("Debian's python3-swift (Swift 2.30.1) is required for the compatibility tests; .ci/run installs it");
        }
        this.root = root;
        this.swiftDir = root.resolve("etc");
        Files.createDirectories(swiftDir);
        Files.writeString(swiftDir.resolve("swift.conf"), "[swift-hash]\nswift_hash_path_prefix = changeme\n"
                + "swift_hash_path_suffix = changeme\n\n[storage-policy:0]\nname = gold\ndefault = yes\n\n"
                + "[storage-policy:1]\nname = silver\n");
        this.script = root.resolve("diskfile_compat.py");
        try (InputStream in = SwiftFixture.class.getResourceAsStream("/python/diskfile_compat.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    /** Runs a command of diskfile_compat.py and parses its JSON answer. */
    JsonValue run(String command, Path devices, String requestJson) throws Exception {
        Process p = new ProcessBuilder(PYTHON, script.toString(), swiftDir.toString(), command, devices.toString())
                .start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream out = p.getOutputStream()) {
            out.write(requestJson.getBytes(StandardCharsets.UTF_8));
        }
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("python " + command + " timed out");
        }
        if (p.exitValue() != 0) {
            fail("python " + command + " failed: " + new String(err.get(), StandardCharsets.UTF_8));
        }
        try (JsonReader r = Json.createReader(new StringReader(new String(stdout, StandardCharsets.UTF_8)))) {
            return r.readValue();
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** JSON text of strings, numbers, booleans, null, maps and collections, ASCII only. */
    static String json(Object o) {
        StringBuilder sb = new StringBuilder();
        write(sb, o);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object o) {
        if (o == null) {
            sb.append("null");
        } else if (o instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        } else if (o instanceof Number || o instanceof Boolean) {
            sb.append(o);
        } else if (o instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                write(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            sb.append('}');
        } else if (o instanceof Collection<?> c) {
            sb.append('[');
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                write(sb, it.next());
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + o.getClass());
        }
    }

    /** Converts a parsed JSON object of strings to a map. */
    static Map<String, String> stringMap(JsonValue v) {
        Map<String, String> m = new java.util.TreeMap<>();
        v.asJsonObject().forEach((k, x) -> m.put(k, x.getValueType() == JsonValue.ValueType.NULL ? null
                : ((jakarta.json.JsonString) x).getString()));
        return m;
    }

    static List<JsonValue> list(JsonValue v) {
        return v.asJsonArray();
    }
}
