package io.swiftnode.disk;

import io.swiftnode.disk.pickle.MetadataPickle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes an object file's metadata in its extended attributes, byte-compatible with
 * Swift 2.30.1's {@code read_metadata} / {@code write_metadata} (object-disk-format.md §6).
 *
 * <h2>On-disk format</h2>
 * The metadata dict is pickled (see {@link MetadataPickle}) and the pickle is cut into chunks
 * of 65536 bytes, stored in {@code user.} xattrs (the JDK's
 * {@link UserDefinedFileAttributeView} adds the {@code user.} prefix to the names below):
 * <pre>
 * xattr                          value
 * ----------------------------   ------------------------------------------------------
 * user.swift.metadata            pickle bytes [0, 65536)
 * user.swift.metadata1           pickle bytes [65536, 131072)      only if needed
 * user.swift.metadata2 ...       following 65536-byte chunks         only if needed
 * user.swift.metadata_checksum   32 bytes: ASCII lower-case hex MD5 of the whole pickle
 * </pre>
 * A reader concatenates {@code swift.metadata}, {@code swift.metadata1}, ... up to the first
 * missing name. The checksum is optional (files from before Swift 2.x lack it); when present it
 * must match. Example, the tombstone {@code {X-Timestamp: 1700000000.00000, name: /a/c/o}}: one
 * 140-byte chunk, checksum {@code cea0eb6f4e864cf5f3177072759050a0}, laid out as
 * <pre>
 * offset  bytes                                  meaning
 *   0     80 02                                  PROTO 2
 *   2     7D                                     EMPTY_DICT
 *   3     71 00                                  BINPUT 0          (memo: the dict)
 *   5     28                                     MARK
 *   6     63 "_codecs\nencode\n"                 GLOBAL _codecs.encode
 *  22     71 01                                  BINPUT 1
 *  24     58 0B 00 00 00 "X-Timestamp"           BINUNICODE, u32le length
 *  40     71 02                                  BINPUT 2
 *  42     58 06 00 00 00 "latin1"                BINUNICODE
 *  53     71 03                                  BINPUT 3
 *  55     86                                     TUPLE2
 *  56     71 04                                  BINPUT 4
 *  58     52                                     REDUCE            key b'X-Timestamp'
 *  59     71 05                                  BINPUT 5
 *  61     68 01                                  BINGET 1          _codecs.encode again
 *  63     58 10 00 00 00 "1700000000.00000"      BINUNICODE
 *  84     71 06 68 03 86 71 07 52 71 08          "latin1", TUPLE2, REDUCE: value
 *  94     68 01 58 04 00 00 00 "name" 71 09
 *         68 03 86 71 0A 52 71 0B                key b'name'
 * 115     68 01 58 06 00 00 00 "/a/c/o" 71 0C
 *         68 03 86 71 0D 52 71 0E                value b'/a/c/o'
 * 138     75                                     SETITEMS
 * 139     2E                                     STOP
 * </pre>
 * Values are the UTF-8 of the Python {@code str} (header values: one char per wire octet, so
 * a wire octet 0xE9 is stored as C3 A9; {@code name} as real UTF-8).
 *
 * <h2>Errors</h2>
 * File gone: {@link DiskFileNotExist}. Filesystem without user xattrs (ENOTSUP):
 * {@link DiskFileXattrNotSupported} (HTTP 507). No {@code user.swift.metadata}, checksum
 * mismatch or unparsable pickle: {@link DiskFileBadMetadata} (quarantine). Writing beyond the
 * filesystem's xattr space (ENOSPC, EDQUOT, or E2BIG for a value the filesystem will not take;
 * ext4 without {@code ea_inode} keeps all of a file's xattrs in one 4 KiB block):
 * {@link DiskFileNoSpace} (HTTP 507). Other I/O errors propagate unchanged.
 *
 * <p>The JDK offers xattrs by path only, so these methods address the file by path, not by an
 * open descriptor as Swift does; callers write a temp file's metadata before renaming it and
 * read a file they have just opened by the same path.
 *
 * <p>Stateless and thread-safe; concurrent writers to the same file are not coordinated (Swift
 * never writes metadata of a visible file).
 */
public final class XattrMetadata {
    /** Size of one xattr chunk, Swift's {@code xattr_size}. */
    public static final int CHUNK_SIZE = 65536;
    static final String METADATA = "swift.metadata";
    static final String CHECKSUM = "swift.metadata_checksum";

    private static final System.Logger LOG = System.getLogger(XattrMetadata.class.getName());
    /** Linux's {@code XATTR_SIZE_MAX}: no xattr value is longer. */
    private static final int XATTR_SIZE_MAX = 65536;
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(XATTR_SIZE_MAX));

    private XattrMetadata() {
    }

    /** Reads and unpickles a file's metadata. */
    public static Map<String, String> read(Path file) throws IOException {
        return MetadataPickle.decode(readRaw(file, false));
    }

    /**
     * Reads and unpickles a file's metadata; with {@code addMissingChecksum} a file without a
     * checksum gets one (what the auditor does), failures to add it are only logged.
     */
    public static Map<String, String> read(Path file, boolean addMissingChecksum) throws IOException {
        return MetadataPickle.decode(readRaw(file, addMissingChecksum));
    }

    /**
     * Returns the concatenated, checksum-verified pickle without unpickling it.
     *
     * @throws DiskFileBadMetadata if {@code user.swift.metadata} is missing or the checksum
     *     does not match
     */
    public static byte[] readRaw(Path file) throws IOException {
        return readRaw(file, false);
    }

    private static byte[] readRaw(Path file, boolean addMissingChecksum) throws IOException {
        UserDefinedFileAttributeView view = view(file);
        // One listing says which chunks and whether a checksum exist, so no read is spent on a
        // missing name (each miss would cost an open, a failed getxattr and an exception).
        List<String> names;
        try {
            names = view.list();
        } catch (IOException e) {
            throw translate(e, file, "reading");
        }
        ByteArrayOutputStream pickle = new ByteArrayOutputStream(512);
        for (int i = 0; names.contains(chunkName(i)); i++) {
            byte[] chunk = readAttribute(view, file, chunkName(i));
            if (chunk == null) {
                break; // removed since the listing: the pickle ends here, as for Swift's reader
            }
            pickle.writeBytes(chunk);
        }
        if (pickle.size() == 0) {
            // ask for it by name: a filesystem without xattrs lists none but refuses the read
            // (ENOTSUP, a 507), while a plain ENODATA is a file to quarantine
            byte[] first = readAttribute(view, file, METADATA);
            if (first == null) {
                throw new DiskFileBadMetadata("no " + METADATA + " xattr on " + file);
            }
            pickle.writeBytes(first);
        }
        byte[] data = pickle.toByteArray();
        byte[] computed = md5Hex(data);
        byte[] stored = names.contains(CHECKSUM) ? readAttribute(view, file, CHECKSUM) : null;
        if (stored == null) {
            if (addMissingChecksum) {
                try {
                    view.write(CHECKSUM, ByteBuffer.wrap(computed));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "Error adding metadata checksum to " + file + ": " + e);
                }
            }
        } else if (stored.length > 0 && !Arrays.equals(stored, computed)) {
            throw new DiskFileBadMetadata("Metadata checksum mismatch for " + file + ": stored checksum='"
                    + new String(stored, StandardCharsets.ISO_8859_1) + "', computed='"
                    + new String(computed, StandardCharsets.US_ASCII) + "'");
        }
        return data;
    }

    /** Pickles {@code metadata} and stores it in 65536-byte chunks plus checksum. */
    public static void write(Path file, Map<String, String> metadata) throws IOException {
        writeRaw(file, MetadataPickle.encode(metadata), CHUNK_SIZE);
    }

    /**
     * Like {@link #write(Path, Map)} with another chunk size, as Swift's {@code xattr_size}
     * parameter allows; readers do not depend on the chunk size.
     */
    public static void write(Path file, Map<String, String> metadata, int chunkSize) throws IOException {
        writeRaw(file, MetadataPickle.encode(metadata), chunkSize);
    }

    /**
     * Stores an already pickled metadata blob: chunks first, then the checksum. If the file held
     * a longer pickle before, the chunk after the last one written is removed so that readers
     * stop there (Swift itself only ever writes metadata to fresh files).
     */
    public static void writeRaw(Path file, byte[] pickle, int chunkSize) throws IOException {
        writeRaw(file, pickle, chunkSize, false);
    }

    /**
     * Stores metadata on a file this process has just created (a writer's temp file): it has no
     * xattrs yet, so there is no longer pickle's chunk to remove.
     */
    static void writeNewFile(Path file, Map<String, String> metadata) throws IOException {
        writeRaw(file, MetadataPickle.encode(metadata), CHUNK_SIZE, true);
    }

    private static void writeRaw(Path file, byte[] pickle, int chunkSize, boolean newFile) throws IOException {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        UserDefinedFileAttributeView view = view(file);
        int chunks = 0;
        try {
            for (int off = 0; off < pickle.length; off += chunkSize) {
                view.write(chunkName(chunks++), ByteBuffer.wrap(pickle, off, Math.min(chunkSize, pickle.length - off)));
            }
            if (!newFile) {
                try {
                    view.delete(chunkName(chunks));
                } catch (FileSystemException e) {
                    if (!isNoData(e)) {
                        throw e;
                    }
                }
            }
            view.write(CHECKSUM, ByteBuffer.wrap(md5Hex(pickle)));
        } catch (IOException e) {
            throw translate(e, file, "writing");
        }
    }

    static String chunkName(int index) {
        return index == 0 ? METADATA : METADATA + index;
    }

    private static UserDefinedFileAttributeView view(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            throw new DiskFileXattrNotSupported("no user xattr support for " + file,
                    new UnsupportedOperationException(file.getFileSystem().toString()));
        }
        return view;
    }

    /**
     * One attribute's value, or null when it does not exist (ENODATA). Read in one call into a
     * per-thread buffer of the largest value Linux allows ({@code XATTR_SIZE_MAX}, 64 KiB), so
     * no {@code size()} call (another open and getxattr) comes first.
     */
    private static byte[] readAttribute(UserDefinedFileAttributeView view, Path file, String name)
            throws IOException {
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        try {
            view.read(name, buf);
            buf.flip();
            byte[] value = new byte[buf.remaining()];
            buf.get(value);
            return value;
        } catch (FileSystemException e) {
            if (isNoData(e)) {
                return null;
            }
            throw translate(e, file, "reading");
        } catch (IOException e) {
            throw translate(e, file, "reading");
        }
    }

    /**
     * Maps the JDK's exception to the typed disk error Swift raises for the same errno. The
     * JDK reports errno only as {@code strerror} text in {@link FileSystemException#getReason()}.
     */
    static IOException translate(IOException e, Path file, String action) {
        if (e instanceof DiskFileError) {
            return e;
        }
        if (e instanceof NoSuchFileException) {
            return new DiskFileNotExist(file + " vanished while " + action + " metadata", e);
        }
        String reason = reason(e);
        if (reason.contains("Operation not supported")) {
            return new DiskFileXattrNotSupported("Filesystem at " + file + " does not support xattr", e);
        }
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")
                || reason.contains("Argument list too long")) {
            return new DiskFileNoSpace("No space left on device for " + file + " (xattrs)", e);
        }
        return e;
    }

    private static boolean isNoData(FileSystemException e) {
        return reason(e).contains("No data available");
    }

    private static String reason(IOException e) {
        String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return r == null ? "" : r;
    }

    private static byte[] md5Hex(byte[] data) {
        byte[] digest = HashPath.md5().digest(data);
        return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
    }
}
