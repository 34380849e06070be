package io.swiftnode.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for log files. Stateless and thread-safe. */
public final class Logs {
    private Logs() {
    }

    /**
     * The records of a Payara (ODL format) log: each starts with a {@code [20…]} timestamp line and runs
     * to the next one. Empty if the file cannot be read.
     */
    public static List<String> odlRecords(Path file) {
        List<String> records = new ArrayList<>();
        try {
            StringBuilder current = null;
            for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()) {
                if (line.startsWith("[20")) {
                    if (current != null) {
                        records.add(current.toString());
                    }
                    current = new StringBuilder(line);
                } else if (current != null && !line.isBlank()) {
                    current.append('\n').append(line);
                }
            }
            if (current != null) {
                records.add(current.toString());
            }
        } catch (IOException e) {
            // no records
        }
        return records;
    }

    /** The last {@code lines} lines of {@code file} (decoded leniently), or a note why there are none. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            byte[] all = Files.readAllBytes(file);
            String text = new String(all, StandardCharsets.UTF_8);
            List<String> l = text.lines().toList();
            return String.join("\n", l.subList(Math.max(0, l.size() - lines), l.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
