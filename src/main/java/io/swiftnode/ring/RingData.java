package io.swiftnode.ring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The content of one ring file: the device list, the replica-to-partition-to-device table and the
 * header values. Parsed by {@link RingFile}, which documents the file format.
 *
 * <p>The table has one row per replica; row {@code r} maps a partition to the id of the device that
 * holds replica {@code r}. With a fractional replica count the last row is shorter than the others
 * (it covers only the first partitions), and {@link #replicaCount()} is computed as Swift does:
 * {@code rows - 1 + len(last row) / len(first row)}.
 *
 * <p>Validated on construction: every row entry names a device present in the list (removed
 * devices are {@code null} slots and are never referenced), and every device's id equals its index.
 *
 * <p>Immutable and thread-safe.
 */
public final class RingData {
    private final List<RingDevice> devices;
    private final int[][] rows;
    private final int partShift;
    private final Integer nextPartPower;
    private final Integer version;
    private final int formatVersion;

    private RingData(List<RingDevice> devices, int[][] rows, int partShift, Integer nextPartPower,
            Integer version, int formatVersion) {
        this.devices = devices;
        this.rows = rows;
        this.partShift = partShift;
        this.nextPartPower = nextPartPower;
        this.version = version;
        this.formatVersion = formatVersion;
    }

    /**
     * Checks and wraps ring content; the arrays are copied.
     *
     * @param devices       device list indexed by id, {@code null} for removed devices
     * @param rows          one row of device ids per replica, all of {@code 2^(32 - partShift)}
     *                      entries except the last, which may be shorter but not empty
     * @param partShift     {@code 32 - part_power}
     * @param nextPartPower {@code next_part_power} or {@code null}
     * @param version       the builder's {@code version} or {@code null}
     * @param formatVersion the file format version it came from (1 or 2)
     * @throws IllegalArgumentException if the content is inconsistent
     */
    public static RingData of(List<RingDevice> devices, int[][] rows, int partShift, Integer nextPartPower,
            Integer version, int formatVersion) {
        if (partShift < 0 || partShift > 32) {
            throw new IllegalArgumentException("part_shift " + partShift + " is not in 0..32");
        }
        long partitions = 1L << (32 - partShift);
        if (rows.length == 0) {
            throw new IllegalArgumentException("the ring has no replica rows");
        }
        List<RingDevice> devs = Collections.unmodifiableList(new ArrayList<>(devices));
        for (int i = 0; i < devs.size(); i++) {
            RingDevice d = devs.get(i);
            if (d != null && d.id() != i) {
                throw new IllegalArgumentException("device at index " + i + " has id " + d.id());
            }
        }
        int[][] copy = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            int[] row = rows[r];
            boolean last = r == rows.length - 1;
            if (row.length > partitions || (!last && row.length != partitions) || row.length == 0) {
                throw new IllegalArgumentException("replica row " + r + " has " + row.length
                        + " entries; expected " + (last ? "1.." : "") + partitions);
            }
            for (int part = 0; part < row.length; part++) {
                int id = row[part];
                if (id < 0 || id >= devs.size() || devs.get(id) == null) {
                    throw new IllegalArgumentException("replica row " + r + " assigns partition " + part
                            + " to device id " + Integer.toUnsignedString(id) + ", which is not in the ring");
                }
            }
            copy[r] = row.clone();
        }
        return new RingData(devs, copy, partShift, nextPartPower, version, formatVersion);
    }

    /** Reads a ring file ({@code *.ring.gz}, format version 1 or 2). */
    public static RingData load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return RingFile.read(in, file.toString());
        }
    }

    /** Reads a ring from a gzip stream; {@code name} is used in error messages. */
    public static RingData parse(InputStream gzip, String name) throws IOException {
        return RingFile.read(gzip, name);
    }

    /** Devices indexed by id; {@code null} for removed devices. Unmodifiable. */
    public List<RingDevice> devices() {
        return devices;
    }

    /** Number of rows of the table ({@code ceil(replicaCount())}). */
    public int replicaRows() {
        return rows.length;
    }

    /** Number of partitions row {@code row} covers. */
    public int rowLength(int row) {
        return rows[row].length;
    }

    /** The device id holding replica {@code row} of {@code part}; {@code part < rowLength(row)}. */
    public int deviceId(int row, int part) {
        return rows[row][part];
    }

    /** Replica count as Swift computes it; fractional when the last row is shorter. */
    public double replicaCount() {
        return rows.length - 1 + (double) rows[rows.length - 1].length / rows[0].length;
    }

    public int partShift() {
        return partShift;
    }

    public int partPower() {
        return 32 - partShift;
    }

    /** Number of partitions ({@code 2^partPower}). */
    public int partitionCount() {
        return rows[0].length;
    }

    /** {@code next_part_power} while a partition power increase is in progress, else {@code null}. */
    public Integer nextPartPower() {
        return nextPartPower;
    }

    /** The builder's {@code version} counter, or {@code null} if the file has none. */
    public Integer version() {
        return version;
    }

    /** The file format version it was read from: 1 or 2. */
    public int formatVersion() {
        return formatVersion;
    }
}
