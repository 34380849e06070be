package io.swiftnode.ring;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import io.swiftnode.disk.HashPath;
import io.swiftnode.util.LookAheadIterator;

/**
 * Swift 2.30.1's placement lookups over one {@link RingData}: primaries of a partition and the
 * deterministic handoff order. The tier totals that end the handoff passes early count only devices
 * that hold at least one partition, as Swift's {@code _update_bookkeeping} does.
 *
 * <p>Immutable and thread-safe; each {@link #moreNodes} iterator is single-threaded.
 */
final class Placement {
    private final RingData data;
    private final int regions;
    private final int zones;
    private final int ips;
    private final int assignedDevices;

    Placement(RingData data) {
        this.data = data;
        BitSet assigned = new BitSet(data.devices().size());
        for (int r = 0; r < data.replicaRows(); r++) {
            for (int p = 0; p < data.rowLength(r); p++) {
                assigned.set(data.deviceId(r, p));
            }
        }
        Set<Integer> regionSet = new HashSet<>();
        Set<List<Object>> zoneSet = new HashSet<>();
        Set<List<Object>> ipSet = new HashSet<>();
        for (int id = assigned.nextSetBit(0); id >= 0; id = assigned.nextSetBit(id + 1)) {
            RingDevice d = data.devices().get(id);
            regionSet.add(d.region());
            zoneSet.add(zoneKey(d));
            ipSet.add(ipKey(d));
        }
        this.regions = regionSet.size();
        this.zones = zoneSet.size();
        this.ips = ipSet.size();
        this.assignedDevices = assigned.cardinality();
    }

    RingData data() {
        return data;
    }

    void checkPartition(int part) {
        if (part < 0 || part >= data.partitionCount()) {
            throw new IllegalArgumentException("partition " + part + " is not in 0.." + (data.partitionCount() - 1));
        }
    }

    /** The distinct devices of the replica rows for {@code part}, in row order. */
    List<RingDevice> partNodes(int part) {
        checkPartition(part);
        List<RingDevice> nodes = new ArrayList<>(data.replicaRows());
        BitSet seen = new BitSet();
        for (int r = 0; r < data.replicaRows(); r++) {
            if (part < data.rowLength(r)) {
                int id = data.deviceId(r, part);
                if (!seen.get(id)) {
                    seen.set(id);
                    nodes.add(data.devices().get(id));
                }
            }
        }
        return Collections.unmodifiableList(nodes);
    }

    Iterator<RingDevice> moreNodes(int part) {
        return new Handoffs(part);
    }

    private static List<Object> zoneKey(RingDevice d) {
        return List.of(d.region(), d.zone());
    }

    private static List<Object> ipKey(RingDevice d) {
        return List.of(d.region(), d.zone(), d.ip());
    }

    /**
     * The handoff generator as a state machine. Four passes walk the same partition order; pass 1
     * takes devices in unused regions, pass 2 unused zones, pass 3 unused ips, pass 4 any unused
     * device; each pass ends when its tier is exhausted. The order starts at
     * {@code uint32_be(md5(str(part))[0:4]) >> part_shift}, steps by {@code max(1, parts / 65536)}
     * to the end, then wraps from {@code inc - (parts - start) % inc} up to {@code start}.
     */
    private final class Handoffs extends LookAheadIterator<RingDevice> {
        private final BitSet used = new BitSet();
        private final Set<Integer> sameRegions = new HashSet<>();
        private final Set<List<Object>> sameZones = new HashSet<>();
        private final Set<List<Object>> sameIps = new HashSet<>();
        private final int parts = data.partitionCount();
        private final int start;
        private final int inc;
        private int pass = 1;
        private boolean passOpen;
        private long position;   // the next partition of the order: first segment, then the wrap
        private boolean wrapped;
        private int row;

        Handoffs(int part) {
            for (RingDevice d : partNodes(part)) {
                used.set(d.id());
                sameRegions.add(d.region());
                sameZones.add(zoneKey(d));
                sameIps.add(ipKey(d));
            }
            MessageDigest md = HashPath.md5();
            start = HashPath.partition(md.digest(Integer.toString(part).getBytes(StandardCharsets.US_ASCII)),
                    data.partPower());
            inc = Math.max(1, parts / 65536);
            position = start;
        }

        private boolean exhausted() {
            return switch (pass) {
                case 1 -> sameRegions.size() == regions;
                case 2 -> sameZones.size() == zones;
                case 3 -> sameIps.size() == ips;
                default -> used.cardinality() == assignedDevices;
            };
        }

        private void nextPass() {
            pass++;
            passOpen = false;
            position = start;
            wrapped = false;
            row = 0;
        }

        @Override
        protected RingDevice computeNext() {
            while (pass <= 4) {
                if (!passOpen) {
                    if (exhausted()) {
                        nextPass();
                        continue;
                    }
                    passOpen = true;
                }
                if (!wrapped && position >= parts) {
                    wrapped = true;
                    position = inc - ((long) (parts - start) % inc);
                }
                if (wrapped && position >= start) {
                    nextPass();
                    continue;
                }
                int handoffPart = (int) position;
                while (row < data.replicaRows()) {
                    int r = row++;
                    if (handoffPart < data.rowLength(r)) {
                        RingDevice d = data.devices().get(data.deviceId(r, handoffPart));
                        if (take(d)) {
                            if (exhausted()) {
                                nextPass();
                            }
                            return d;
                        }
                    }
                }
                row = 0;
                position += inc;
            }
            return null;
        }

        /** Whether the current pass takes {@code d}; if so records it as Swift's pass does. */
        private boolean take(RingDevice d) {
            if (used.get(d.id())) {
                return false;
            }
            switch (pass) {
                case 1 -> {
                    if (sameRegions.contains(d.region())) {
                        return false;
                    }
                    sameRegions.add(d.region());
                    sameZones.add(zoneKey(d));
                    sameIps.add(ipKey(d));
                }
                case 2 -> {
                    if (sameZones.contains(zoneKey(d))) {
                        return false;
                    }
                    sameZones.add(zoneKey(d));
                    sameIps.add(ipKey(d));
                }
                case 3 -> {
                    if (!sameIps.add(ipKey(d))) {
                        return false;
                    }
                }
                default -> {
                }
            }
            used.set(d.id());
            return true;
        }
    }
}
