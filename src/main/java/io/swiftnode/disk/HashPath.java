package io.swiftnode.disk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Swift's {@code hash_path}: {@code md5(prefix + "/" + a [+ "/" + c [+ "/" + o]] + suffix)} over
 * the UTF-8 names, and the partition derived from its first four bytes.
 *
 * <p>Immutable and thread-safe.
 */
public final class HashPath {
    private final byte[] prefix;
    private final byte[] suffix;

    public HashPath(String prefix, String suffix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
        if (this.prefix.length == 0 && this.suffix.length == 0) {
            throw new IllegalArgumentException("swift_hash_path_prefix and swift_hash_path_suffix are both empty");
        }
    }

    /** The raw 16-byte digest for an account, container or object path. */
    public byte[] digest(String account, String container, String object) {
        if (object != null && container == null) {
            throw new IllegalArgumentException("container is required if object is provided");
        }
        MessageDigest md = md5();
        md.update(prefix);
        md.update(("/" + account).getBytes(StandardCharsets.UTF_8));
        if (container != null) {
            md.update(("/" + container).getBytes(StandardCharsets.UTF_8));
        }
        if (object != null) {
            md.update(("/" + object).getBytes(StandardCharsets.UTF_8));
        }
        md.update(suffix);
        return md.digest();
    }

    /** Lower-case hex of {@link #digest}. */
    public String hash(String account, String container, String object) {
        return HexFormat.of().formatHex(digest(account, container, object));
    }

    /** The partition of a digest for a ring of {@code 2^partPower} partitions. */
    public static int partition(byte[] digest, int partPower) {
        long top = ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8)
                | (digest[3] & 0xffL);
        return (int) (top >>> (32 - partPower));
    }

    /** The partition of a hex hash for a ring of {@code 2^partPower} partitions. */
    public static int partition(String hexHash, int partPower) {
        return partition(HexFormat.of().parseHex(hexHash.substring(0, 8)), partPower);
    }

    private static final MessageDigest MD5_PROTOTYPE = newMd5();

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fresh MD5 digest. Cloned from a prototype: {@code MessageDigest.getInstance} looks the
     * provider up under locks on every call, which showed as a tenth of a small GET's CPU.
     */
    public static MessageDigest md5() {
        try {
            return (MessageDigest) MD5_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newMd5();
        }
    }
}
