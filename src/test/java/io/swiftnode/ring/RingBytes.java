package io.swiftnode.ring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes ring files byte by byte for tests, following the format in {@link RingFile}'s Javadoc
 * (written independently of the parser). Devices are JSON-ready maps, {@code null} for removed ones.
 */
final class RingBytes {
    private RingBytes() {
    }

    /** A device map with the keys Swift 2.30.1's builder writes. */
    static Map<String, Object> dev(int id, int region, int zone, String ip, int port, String device) {
        Map<String, Object> d = new TreeMap<>();
        d.put("id", id);
        d.put("region", region);
        d.put("zone", zone);
        d.put("ip", ip);
        d.put("port", port);
        d.put("replication_ip", ip);
        d.put("replication_port", port);
        d.put("device", device);
        d.put("weight", 100.0);
        d.put("meta", "");
        return d;
    }

    /** The decompressed v1 stream. {@code byteorder} null omits the key. */
    static byte[] rawV1(List<Map<String, Object>> devs, int partShift, int[][] rows, String byteorder,
            Integer version, Integer nextPartPower) {
        Map<String, Object> header = new TreeMap<>();
        if (byteorder != null) {
            header.put("byteorder", byteorder);
        }
        header.put("devs", devs);
        header.put("part_shift", partShift);
        header.put("replica_count", rows.length);
        if (version != null) {
            header.put("version", version);
        }
        if (nextPartPower != null) {
            header.put("next_part_power", nextPartPower);
        }
        byte[] json = json(header).getBytes(StandardCharsets.US_ASCII);
        ByteOrder order = "big".equals(byteorder) ? ByteOrder.BIG_ENDIAN
                : "little".equals(byteorder) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder();
        int ids = 0;
        for (int[] row : rows) {
            ids += row.length;
        }
        ByteBuffer b = ByteBuffer.allocate(10 + json.length + 2 * ids);
        b.put(new byte[] {'R', '1', 'N', 'G', 0, 1}).putInt(json.length).put(json).order(order);
        for (int[] row : rows) {
            for (int id : row) {
                b.putShort((short) id);
            }
        }
        return b.array();
    }

    static byte[] v1(List<Map<String, Object>> devs, int partShift, int[][] rows, String byteorder) {
        return gzip(rawV1(devs, partShift, rows, byteorder, 3, null));
    }

    /**
     * A v2 file: sections metadata, devices, assignments (ids of {@code idBytes}, big-endian), index
     * and the two trailing offsets. One plain gzip stream: the compressed offsets in the index are
     * written as 0 since this writer does not flush at section boundaries.
     */
    static byte[] v2(List<Map<String, Object>> devs, int partShift, int[][] rows, int idBytes, Integer version,
            Integer nextPartPower) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'R', '1', 'N', 'G', 0, 2});
        Map<String, List<Object>> index = new TreeMap<>();
        Map<String, Object> meta = new TreeMap<>();
        meta.put("part_shift", partShift);
        meta.put("dev_id_bytes", idBytes);
        meta.put("replica_count", rows.length - 1 + (double) rows[rows.length - 1].length / rows[0].length);
        meta.put("version", version);
        if (nextPartPower != null) {
            meta.put("next_part_power", nextPartPower);
        }
        section(out, index, "swift/ring/metadata", json(meta).getBytes(StandardCharsets.US_ASCII));
        section(out, index, "swift/ring/devices", json(devs).getBytes(StandardCharsets.US_ASCII));
        int ids = 0;
        for (int[] row : rows) {
            ids += row.length;
        }
        ByteBuffer table = ByteBuffer.allocate(ids * idBytes);
        for (int[] row : rows) {
            for (int id : row) {
                if (idBytes == 2) {
                    table.putShort((short) id);
                } else {
                    table.putInt(id);
                }
            }
        }
        section(out, index, "swift/ring/assignments", table.array());
        long indexStart = out.size();
        out.writeBytes(blob(json(index).getBytes(StandardCharsets.US_ASCII)));
        out.writeBytes(ByteBuffer.allocate(16).putLong(indexStart).putLong(0).array());
        return gzip(out.toByteArray());
    }

    private static void section(ByteArrayOutputStream out, Map<String, List<Object>> index, String name,
            byte[] data) {
        byte[] blob = blob(data);
        long start = out.size();
        out.writeBytes(blob);
        List<Object> entry = new ArrayList<>();
        entry.add(0);
        entry.add(start);
        entry.add(0);
        entry.add(start + blob.length);
        entry.add("sha256");
        entry.add(sha256(blob));
        index.put(name, entry);
    }

    private static byte[] blob(byte[] data) {
        return ByteBuffer.allocate(8 + data.length).putLong(data.length).put(data).array();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Minimal JSON: maps, lists, strings (ASCII), numbers, null. */
    static String json(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (o instanceof Number n) {
            return n.toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : new LinkedHashMap<>(m).entrySet()) {
                sb.append(sb.length() > 1 ? ", " : "").append(json(e.getKey())).append(": ").append(json(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : l) {
                sb.append(sb.length() > 1 ? ", " : "").append(json(x));
            }
            return sb.append(']').toString();
        }
        throw new IllegalArgumentException(o.getClass().toString());
    }
}
