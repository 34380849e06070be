package io.swiftnode.ring;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which ring devices live on this node, decided as Swift 2.30.1's object replicator does
 * ({@code whataremyips(ring_ip)} and {@code is_local_device(ips, port, replication_ip,
 * replication_port)}): a device is local when its {@code replication_ip} is one of this node's
 * addresses and its {@code replication_port} is {@code bind_port}; with {@code servers_per_port > 0}
 * the port is not compared.
 *
 * <p>Addresses are compared as strings, like Swift: IPv6 addresses of interfaces and of devices are
 * put in {@code inet_ntop} form (lower case, longest zero run as {@code ::}); a device address that
 * is a host name is resolved and each of its addresses tried; a specific {@code ring_ip} is used
 * exactly as written.
 *
 * <p>Stateless and thread-safe.
 */
public final class LocalDevices {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST_LABEL = Pattern.compile("(?!-)[A-Za-z\\d-]{1,63}(?<!-)");
    private static final Pattern NUMERIC_V4ISH = Pattern.compile("[0-9.]+");
    private static final Pattern NUMERIC_V6ISH = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%.+)?");

    private LocalDevices() {
    }

    /**
     * The devices of {@code ring} local to this node.
     *
     * @param ringIp         {@code ring_ip} or, if unset, {@code bind_ip} ({@code 0.0.0.0} when both unset)
     * @param bindPort       {@code bind_port}
     * @param serversPerPort {@code servers_per_port}; when positive the port is ignored
     */
    public static List<RingDevice> of(Ring ring, String ringIp, int bindPort, int serversPerPort)
            throws SocketException {
        return select(ring.devices(), myIps(ringIp), serversPerPort > 0 ? null : bindPort);
    }

    /** The devices of {@code devices} (nulls skipped) for which {@link #isLocal} holds. */
    public static List<RingDevice> select(Collection<RingDevice> devices, Collection<String> myIps, Integer myPort) {
        List<RingDevice> local = new ArrayList<>();
        for (RingDevice d : devices) {
            if (d != null && isLocal(myIps, myPort, d.replicationIp(), d.replicationPort())) {
                local.add(d);
            }
        }
        return Collections.unmodifiableList(local);
    }

    /**
     * Swift's {@code whataremyips(ring_ip)}: {@code [ringIp]} when it is a numeric address other than
     * {@code 0.0.0.0} or {@code ::}; otherwise (any-address, empty, or a host name) every IPv4 and
     * IPv6 address of every network interface, loopback included.
     */
    public static List<String> myIps(String ringIp) throws SocketException {
        if (ringIp != null && !ringIp.isEmpty()) {
            InetAddress numeric = numericHost(ringIp);
            if (numeric != null && !numeric.isAnyLocalAddress()) {
                return List.of(ringIp);
            }
        }
        Set<String> ips = new LinkedHashSet<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                ips.add(text(a));
            }
        }
        return List.copyOf(ips);
    }

    /** Swift's {@code is_local_device}; {@code myPort == null} ignores the port. */
    public static boolean isLocal(Collection<String> myIps, Integer myPort, String devIp, int devPort) {
        if (myPort != null && devPort != myPort) {
            return false;
        }
        List<String> candidates = new ArrayList<>();
        if (!isValidIp(devIp) && isValidHostname(devIp)) {
            try {
                for (InetAddress a : InetAddress.getAllByName(devIp)) {
                    candidates.add(text(a));
                }
            } catch (UnknownHostException e) {
                return false;
            }
        } else {
            byte[] v6 = parseIpv6(devIp);
            candidates.add(v6 != null ? ipv6Text(v6) : devIp);
        }
        for (String ip : candidates) {
            if (myIps.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** The address as Swift prints it: dotted quad, or IPv6 in {@code inet_ntop} form without scope. */
    static String text(InetAddress a) {
        return a instanceof Inet6Address ? ipv6Text(a.getAddress()) : a.getHostAddress();
    }

    /** A numeric address literal (no DNS), or {@code null} for anything else. */
    private static InetAddress numericHost(String s) {
        if (!NUMERIC_V4ISH.matcher(s).matches() && !NUMERIC_V6ISH.matcher(s).matches()) {
            return null;
        }
        if (s.indexOf(':') >= 0 && parseIpv6(s.replaceFirst("%.*", "")) == null) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static boolean isValidIp(String s) {
        return IPV4.matcher(s).matches() || parseIpv6(s) != null;
    }

    /** Swift's {@code is_valid_hostname}: dot-separated labels of letters, digits and inner hyphens. */
    static boolean isValidHostname(String s) {
        if (s.isEmpty() || s.length() > 255) {
            return false;
        }
        String h = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        for (String label : h.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** {@code inet_pton(AF_INET6, s)}: 16 bytes, or {@code null} if {@code s} is not an IPv6 address. */
    static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap >= 0 ? s.substring(0, gap) : s, gap < 0);
        List<Integer> tail = gap >= 0 ? groups(s.substring(gap + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int n = head.size() + tail.size();
        if (gap < 0 ? n != 8 : n > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            out[2 * i] = (byte) (head.get(i) >> 8);
            out[2 * i + 1] = (byte) (int) head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            int w = 8 - tail.size() + i;
            out[2 * w] = (byte) (tail.get(i) >> 8);
            out[2 * w + 1] = (byte) (int) tail.get(i);
        }
        return out;
    }

    /** 16-bit groups of a colon-separated part; a dotted quad may end the address ({@code last}). */
    private static List<Integer> groups(String part, boolean last) {
        List<Integer> words = new ArrayList<>();
        if (part.isEmpty()) {
            return words;
        }
        String[] items = part.split(":", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            if (last && i == items.length - 1 && item.indexOf('.') >= 0) {
                if (!IPV4.matcher(item).matches()) {
                    return null;
                }
                String[] q = item.split("\\.");
                words.add(Integer.parseInt(q[0]) << 8 | Integer.parseInt(q[1]));
                words.add(Integer.parseInt(q[2]) << 8 | Integer.parseInt(q[3]));
            } else if (item.length() >= 1 && item.length() <= 4 && item.chars().allMatch(HexFormat::isHexDigit)) {
                words.add(Integer.parseInt(item, 16));
            } else {
                return null;
            }
        }
        return words;
    }

    /** glibc's {@code inet_ntop(AF_INET6, ...)} text, which Swift's {@code expand_ipv6} returns. */
    static String ipv6Text(byte[] a) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.')
                        .append(a[14] & 0xff).append('.').append(a[15] & 0xff);
                break;
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}
