package io.swiftnode.ring;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Parser of Swift's ring files ({@code object.ring.gz}, {@code object-N.ring.gz},
 * {@code container.ring.gz}, {@code account.ring.gz}). The whole file is one gzip stream (RFC
 * 1952); everything below describes the decompressed bytes. All multi-byte integers outside the v1
 * table are big-endian and unsigned.
 *
 * <p><b>Common prefix.</b>
 * <pre>
 *   offset 0  4 bytes  magic "R1NG"
 *   offset 4  2 bytes  format version: 1 (Swift 1.8 .. 2.35 write this; still the default later) or 2
 * </pre>
 * A stream not starting with the magic is a legacy pickled ring (Swift &lt; 1.8), rejected here.
 *
 * <p><b>Version 1</b> (what Swift 2.30.1's {@code swift-ring-builder} writes):
 * <pre>
 *   offset 6       4 bytes   L, length of the JSON header
 *   offset 10      L bytes   JSON header (ASCII, keys sorted)
 *   offset 10+L    ...       replica_count rows; each row is partition_count device ids of 2 bytes
 *                            in the header's byteorder ("little" or "big"; absent = the reader's
 *                            native order), partition_count = 2^(32 - part_shift). The last row
 *                            may be shorter (fractional replica count): it ends with the stream.
 * </pre>
 * Header keys: {@code devs} (array, {@code null} for removed devices), {@code part_shift},
 * {@code replica_count} (number of rows), {@code byteorder}, optional {@code version} and
 * {@code next_part_power}. Each device object has {@code id}, {@code region} (absent = 1),
 * {@code zone}, {@code ip}, {@code port}, {@code replication_ip} / {@code replication_port} (absent =
 * {@code ip} / {@code port}), {@code device}, {@code weight}, {@code meta}; other keys are ignored.
 * Bytes after the last row are ignored, as Swift does.
 *
 * <p><b>Version 2</b> (Swift &ge; 2.36, {@code swift-ring-builder ... write_ring --format-version 2}):
 * the rest of the stream is a sequence of sections, each a BLOB = 8-byte length N followed by N bytes,
 * and ends with an index:
 * <pre>
 *   offset 6          section "swift/ring/metadata":    BLOB of JSON {part_shift, dev_id_bytes,
 *                                                       replica_count (may be fractional), version,
 *                                                       optional next_part_power}
 *   ...               section "swift/ring/devices":     BLOB of JSON array, as v1's devs
 *   ...               section "swift/ring/assignments": BLOB of the rows, device ids of dev_id_bytes
 *                                                       (2 or 4) bytes, always big-endian, each row
 *                                                       partition_count ids except a shorter last row
 *   I                 index: BLOB of JSON {section name: [compressed start, uncompressed start,
 *                                          compressed end, uncompressed end, checksum method,
 *                                          hex checksum]}
 *   end - 16          8 bytes  I, the uncompressed offset of the index
 *   end - 8           8 bytes  the compressed (file) offset of the index
 * </pre>
 * A section's uncompressed range covers its length prefix and data; the checksum (md5, sha1, sha256
 * or sha512; Swift writes sha256) is over that same range. The writer issues a zlib full flush at
 * each section boundary so that Swift can seek to compressed offsets; this reader decompresses the
 * whole stream and uses the uncompressed offsets only, so it does not depend on those flushes.
 * Unknown sections are ignored.
 *
 * <p>Stateless and thread-safe.
 */
final class RingFile {
    static final byte[] MAGIC = {'R', '1', 'N', 'G'};
    static final String METADATA = "swift/ring/metadata";
    static final String DEVICES = "swift/ring/devices";
    static final String ASSIGNMENTS = "swift/ring/assignments";
    private static final Map<String, String> DIGESTS = Map.of("md5", "MD5", "sha1", "SHA-1",
            "sha256", "SHA-256", "sha512", "SHA-512");

    private RingFile() {
    }

    static RingData read(InputStream gzip, String name) throws IOException {
        byte[] raw;
        try (GZIPInputStream in = new GZIPInputStream(gzip, 1 << 16)) {
            raw = in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("ring " + name + " is not a complete gzip file: " + e.getMessage(), e);
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        if (raw.length < 4 || !ByteBuffer.wrap(raw, 0, 4).equals(ByteBuffer.wrap(MAGIC))) {
            throw new IOException("ring " + name + " does not start with magic R1NG: a legacy pickled ring"
                    + " (Swift < 1.8) or not a ring; legacy rings are not supported, rewrite it with"
                    + " swift-ring-builder <builder file> write_ring");
        }
        try {
            buf.position(4);
            int format = Short.toUnsignedInt(buf.getShort());
            return switch (format) {
                case 1 -> readV1(buf, name);
                case 2 -> readV2(buf, name);
                default -> throw new IOException("ring " + name + " has unknown format version " + format);
            };
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("ring " + name + " is truncated", e);
        } catch (IllegalArgumentException | ArithmeticException | ClassCastException | NullPointerException
                | JsonException e) {
            throw new IOException("ring " + name + " is invalid: " + e.getMessage(), e);
        }
    }

    private static RingData readV1(ByteBuffer buf, String name) throws IOException {
        int jsonLength = buf.getInt();
        if (jsonLength < 0 || jsonLength > buf.remaining()) {
            throw new IOException("ring " + name + " is truncated in its JSON header");
        }
        JsonObject header = json(buf, jsonLength).asJsonObject();
        int partShift = header.getJsonNumber("part_shift").intValueExact();
        int rowCount = header.getJsonNumber("replica_count").intValueExact();
        ByteOrder order = switch (header.getString("byteorder", nativeName())) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new IOException("ring " + name + " has unknown byteorder " + header.get("byteorder"));
        };
        long partitions = partitions(partShift);
        buf.order(order);
        int[][] rows = new int[rowCount][];
        for (int r = 0; r < rowCount; r++) {
            int ids = (int) Math.min(partitions, buf.remaining() / 2);
            if (ids < partitions && r < rowCount - 1 || ids == 0) {
                throw new IOException("ring " + name + " is truncated: replica row " + r + " has " + ids
                        + " of " + partitions + " partitions");
            }
            int[] row = new int[ids];
            for (int p = 0; p < ids; p++) {
                row[p] = Short.toUnsignedInt(buf.getShort());
            }
            rows[r] = row;
        }
        return RingData.of(devices(header.getJsonArray("devs")), rows, partShift,
                optionalInt(header, "next_part_power"), optionalInt(header, "version"), 1);
    }

    private static RingData readV2(ByteBuffer buf, String name) throws IOException {
        int end = buf.limit();
        if (end < 6 + 16) {
            throw new IOException("ring " + name + " is truncated: no v2 index");
        }
        long indexStart = buf.getLong(end - 16);
        if (indexStart < 6 || indexStart > end - 16 - 8) {
            throw new IOException("ring " + name + " has a bad v2 index offset " + indexStart);
        }
        buf.position((int) indexStart);
        long indexLength = buf.getLong();
        if (indexLength != end - 16 - indexStart - 8) {
            throw new IOException("ring " + name + " has a v2 index of " + indexLength
                    + " bytes that does not end at the trailing offsets");
        }
        JsonObject index = json(buf, (int) indexLength).asJsonObject();
        JsonObject meta = json(section(buf, index, METADATA, name)).asJsonObject();
        JsonArray devs = json(section(buf, index, DEVICES, name)).asJsonArray();
        int partShift = meta.getJsonNumber("part_shift").intValueExact();
        int idBytes = meta.getJsonNumber("dev_id_bytes").intValueExact();
        if (idBytes != 2 && idBytes != 4) {
            throw new IOException("ring " + name + " has unsupported dev_id_bytes " + idBytes);
        }
        ByteBuffer table = section(buf, index, ASSIGNMENTS, name);
        long partitions = partitions(partShift);
        long rowBytes = partitions * idBytes;
        if (table.remaining() % idBytes != 0 || table.remaining() == 0) {
            throw new IOException("ring " + name + " has an assignment table of " + table.remaining()
                    + " bytes, not a positive multiple of " + idBytes);
        }
        List<int[]> rows = new ArrayList<>();
        while (table.hasRemaining()) {
            int ids = (int) (Math.min(rowBytes, table.remaining()) / idBytes);
            int[] row = new int[ids];
            for (int p = 0; p < ids; p++) {
                row[p] = idBytes == 2 ? Short.toUnsignedInt(table.getShort()) : table.getInt();
            }
            rows.add(row);
        }
        return RingData.of(devices(devs), rows.toArray(new int[0][]), partShift,
                optionalInt(meta, "next_part_power"), optionalInt(meta, "version"), 2);
    }

    /** The data of a v2 section after checking its length prefix and checksum. */
    private static ByteBuffer section(ByteBuffer buf, JsonObject index, String section, String name)
            throws IOException {
        JsonArray entry = index.getJsonArray(section);
        if (entry == null) {
            throw new IOException("ring " + name + " has no section " + section);
        }
        long start = entry.getJsonNumber(1).longValueExact();
        long end = entry.getJsonNumber(3).longValueExact();
        if (start < 6 || end < start + 8 || end > buf.limit()) {
            throw new IOException("ring " + name + " section " + section + " has bad offsets " + start + ".." + end);
        }
        long length = buf.getLong((int) start);
        if (length + 8 != end - start) {
            throw new IOException("ring " + name + " section " + section + " has inconsistent size");
        }
        String algorithm = DIGESTS.get(entry.getString(4));
        if (algorithm == null) {
            throw new IOException("ring " + name + " section " + section + " has unsupported checksum "
                    + entry.getString(4));
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        md.update(buf.array(), (int) start, (int) (end - start));
        String actual = HexFormat.of().formatHex(md.digest());
        if (!actual.equals(entry.getString(5))) {
            throw new IOException("ring " + name + " section " + section + " fails its " + entry.getString(4)
                    + " checksum: " + actual + " found, " + entry.getString(5) + " expected");
        }
        return ByteBuffer.wrap(buf.array(), (int) start + 8, (int) length).slice().order(ByteOrder.BIG_ENDIAN);
    }

    private static long partitions(int partShift) throws IOException {
        if (partShift < 1 || partShift > 32) {
            throw new IOException("part_shift " + partShift + " is out of range");
        }
        return 1L << (32 - partShift);
    }

    private static List<RingDevice> devices(JsonArray devs) throws IOException {
        List<RingDevice> list = new ArrayList<>(devs.size());
        for (JsonValue v : devs) {
            list.add(v.getValueType() == JsonValue.ValueType.NULL ? null : device(v.asJsonObject()));
        }
        return list;
    }

    private static RingDevice device(JsonObject d) throws IOException {
        String ip = d.getString("ip");
        int port = d.getJsonNumber("port").intValueExact();
        return new RingDevice(d.getJsonNumber("id").intValueExact(), intOr(d, "region", 1),
                d.getJsonNumber("zone").intValueExact(), ip, port, stringOr(d, "replication_ip", ip),
                intOr(d, "replication_port", port), d.getString("device"), weight(d), stringOr(d, "meta", ""));
    }

    private static double weight(JsonObject d) {
        JsonValue w = d.get("weight");
        return w instanceof JsonNumber n ? n.doubleValue() : 0.0;
    }

    private static int intOr(JsonObject o, String key, int dflt) {
        JsonValue v = o.get(key);
        return v instanceof JsonNumber n ? n.intValueExact() : dflt;
    }

    private static String stringOr(JsonObject o, String key, String dflt) {
        JsonValue v = o.get(key);
        return v instanceof JsonString s ? s.getString() : dflt;
    }

    private static Integer optionalInt(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonNumber n ? n.intValueExact() : null;
    }

    private static JsonValue json(ByteBuffer buf, int length) {
        ByteBuffer slice = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        return json(slice);
    }

    private static JsonValue json(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        try (JsonReader r = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return r.readValue();
        }
    }

    private static String nativeName() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big";
    }
}
