package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.pickle.MetadataPickle;
import io.swiftnode.testsupport.Python;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on the build directory's filesystem (surefire points {@code java.io.tmpdir} at
 * {@code target/}), which must support user xattrs; on ext4 their total per file is ~4 KiB, so
 * the metadata here stays small and chunking is exercised with small chunk sizes.
 */
class XattrMetadataTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void createFile() throws IOException {
        file = Files.createFile(dir.resolve("1700000000.12345.data"));
    }

    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("X-Timestamp", "1700000000.12345");
        m.put("Content-Type", "text/plain");
        m.put("Content-Length", "0");
        m.put("ETag", "d41d8cd98f00b204e9800998ecf8427e");
        m.put("X-Object-Meta-Wire-Octets", "\u00c3\u00a9\u00ff\u0000\n");
        m.put("X-Object-Meta-Empty", "");
        m.put("X-Object-Meta-Stored-Invalid-Utf8", "\udcff");
        m.put("name", "/AUTH_t\u00e9st/c/o \u20ac \uD83D\uDE00");
        return m;
    }

    private UserDefinedFileAttributeView view() {
        return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    }

    private byte[] attr(String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(view().size(name));
        view().read(name, b);
        return b.array();
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static List<Map.Entry<String, String>> entries(Map<String, String> m) {
        return new ArrayList<>(m.entrySet());
    }

    @Test
    void writesOneChunkAndChecksumAndReadsThemBack() throws Exception {
        XattrMetadata.write(file, metadata());
        byte[] pickle = MetadataPickle.encode(metadata());
        assertArrayEquals(pickle, attr("swift.metadata"));
        assertEquals(md5Hex(pickle), new String(attr("swift.metadata_checksum"), StandardCharsets.US_ASCII));
        assertEquals(List.of("swift.metadata", "swift.metadata_checksum"), view().list().stream().sorted().toList());
        assertEquals(entries(metadata()), entries(XattrMetadata.read(file)));
        assertArrayEquals(pickle, XattrMetadata.readRaw(file));
    }

    @Test
    void chunksAreConcatenatedInOrder() throws Exception {
        XattrMetadata.write(file, metadata(), 100);
        byte[] pickle = MetadataPickle.encode(metadata());
        int chunks = (pickle.length + 99) / 100;
        assertTrue(chunks > 3);
        for (int i = 0; i < chunks; i++) {
            String name = i == 0 ? "swift.metadata" : "swift.metadata" + i;
            byte[] expected = java.util.Arrays.copyOfRange(pickle, i * 100, Math.min(pickle.length, i * 100 + 100));
            assertArrayEquals(expected, attr(name), name);
        }
        assertFalse(view().list().contains("swift.metadata" + chunks));
        assertEquals(entries(metadata()), entries(XattrMetadata.read(file)));
    }

    @Test
    void rewritingWithFewerChunksStopsReadersAtTheNewEnd() throws Exception {
        XattrMetadata.write(file, metadata(), 40);
        Map<String, String> small = Map.of("X-Timestamp", "1700000001.00000", "name", "/a/c/o");
        XattrMetadata.write(file, small, 40);
        assertEquals(small, XattrMetadata.read(file));
    }

    @Test
    void checksumMismatchIsBadMetadata() throws Exception {
        XattrMetadata.write(file, metadata());
        view().write("swift.metadata_checksum", ByteBuffer.wrap("00000000000000000000000000000000".getBytes()));
        DiskFileBadMetadata e = assertThrows(DiskFileBadMetadata.class, () -> XattrMetadata.read(file));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void corruptChunkIsBadMetadata() throws Exception {
        XattrMetadata.write(file, metadata(), 100);
        byte[] second = attr("swift.metadata1");
        second[3] ^= 1;
        view().write("swift.metadata1", ByteBuffer.wrap(second));
        assertThrows(DiskFileBadMetadata.class, () -> XattrMetadata.read(file));
    }

    @Test
    void missingOrEmptyChecksumIsAcceptedAndCanBeAdded() throws Exception {
        XattrMetadata.write(file, metadata());
        view().delete("swift.metadata_checksum");
        assertEquals(entries(metadata()), entries(XattrMetadata.read(file)));
        assertFalse(view().list().contains("swift.metadata_checksum"));
        assertEquals(entries(metadata()), entries(XattrMetadata.read(file, true)));
        assertEquals(md5Hex(MetadataPickle.encode(metadata())),
                new String(attr("swift.metadata_checksum"), StandardCharsets.US_ASCII));
        view().write("swift.metadata_checksum", ByteBuffer.allocate(0));
        assertEquals(entries(metadata()), entries(XattrMetadata.read(file)));
    }

    @Test
    void noMetadataIsBadMetadata() throws Exception {
        assertThrows(DiskFileBadMetadata.class, () -> XattrMetadata.read(file));
        view().write("swift.metadata_checksum", ByteBuffer.wrap(md5Hex(new byte[0]).getBytes()));
        assertThrows(DiskFileBadMetadata.class, () -> XattrMetadata.read(file));
    }

    @Test
    void unpicklableMetadataIsBadMetadata() throws Exception {
        XattrMetadata.writeRaw(file, "not a pickle".getBytes(), XattrMetadata.CHUNK_SIZE);
        assertArrayEquals("not a pickle".getBytes(), XattrMetadata.readRaw(file));
        assertThrows(DiskFileBadMetadata.class, () -> XattrMetadata.read(file));
    }

    @Test
    void vanishedFileIsNotExist() throws Exception {
        Files.delete(file);
        assertThrows(DiskFileNotExist.class, () -> XattrMetadata.read(file));
        assertThrows(DiskFileNotExist.class, () -> XattrMetadata.write(file, metadata()));
    }

    /** procfs refuses user xattrs with EOPNOTSUPP, like a filesystem mounted without them. */
    @Test
    void filesystemWithoutXattrsIsXattrNotSupported() {
        Path proc = Path.of("/proc/self/status");
        assertThrows(DiskFileXattrNotSupported.class, () -> XattrMetadata.read(proc));
        assertThrows(DiskFileXattrNotSupported.class, () -> XattrMetadata.write(proc, metadata()));
    }

    /** More metadata than the filesystem keeps per file: 507 (DiskFileNoSpace) or it fits and reads back. */
    @Test
    void metadataBeyondTheFilesystemsXattrSpaceIsNoSpace() throws Exception {
        Map<String, String> big = new LinkedHashMap<>(metadata());
        big.put("X-Object-Meta-Big", "x".repeat(200_000));
        try {
            XattrMetadata.write(file, big);
        } catch (DiskFileNoSpace e) {
            assertTrue(e.getCause() instanceof FileSystemException, String.valueOf(e.getCause()));
            return;
        }
        assertEquals(entries(big), entries(XattrMetadata.read(file)));
    }

    @Test
    void errnoTextMapsToTypedErrors() {
        Path p = Path.of("/x");
        assertInstanceOf(DiskFileNoSpace.class, XattrMetadata.translate(
                new FileSystemException("/x", null, "Error writing extended attribute 'a': No space left on device"),
                p, "writing"));
        assertInstanceOf(DiskFileNoSpace.class, XattrMetadata.translate(
                new FileSystemException("/x", null, "Error writing extended attribute 'a': Disk quota exceeded"),
                p, "writing"));
        assertInstanceOf(DiskFileNoSpace.class, XattrMetadata.translate(
                new FileSystemException("/x", null, "Error writing extended attribute 'a': Argument list too long"),
                p, "writing"));
        assertInstanceOf(DiskFileXattrNotSupported.class, XattrMetadata.translate(
                new FileSystemException("/x", null, "Error reading extended attribute 'a': Operation not supported"),
                p, "reading"));
        assertInstanceOf(DiskFileNotExist.class, XattrMetadata.translate(new NoSuchFileException("/x"), p, "reading"));
        IOException eio = new FileSystemException("/x", null, "Input/output error");
        assertSame(eio, XattrMetadata.translate(eio, p, "reading"));
    }

    // ---------------------------------------------------------------- Python Swift 2.30.1

    /** Python's {@code write_metadata} (also with tiny chunks) is read here as the same map. */
    @Test
    void weReadPythonWriteMetadata() throws Exception {
        Path chunked = Files.createFile(dir.resolve("chunked.meta"));
        Python.script("MD = " + Python.literal(metadata()) + "\n" + """
                import sys
                from swift.obj.diskfile import write_metadata
                write_metadata(sys.argv[1], MD)
                write_metadata(sys.argv[2], MD, xattr_size=64)
                """).args(file, chunked).withSwiftDir().run();
        assertEquals(entries(metadata()), entries(XattrMetadata.read(file)));
        assertEquals(entries(metadata()), entries(XattrMetadata.read(chunked)));
        assertArrayEquals(MetadataPickle.encode(metadata()), XattrMetadata.readRaw(chunked));
    }

    /** Python's {@code read_metadata} reads what we write, in one chunk or many. */
    @Test
    void pythonReadMetadataReadsOurs() throws Exception {
        Path chunked = Files.createFile(dir.resolve("chunked.meta"));
        XattrMetadata.write(file, metadata());
        XattrMetadata.write(chunked, metadata(), 50);
        String out = Python.script("EXPECTED = " + Python.literal(metadata()) + "\n" + """
                import sys
                from swift.obj.diskfile import read_metadata
                for path in sys.argv[1:]:
                    got = read_metadata(path)
                    assert got == EXPECTED, (got, EXPECTED)
                    with open(path, 'rb') as f:
                        assert read_metadata(f.fileno()) == EXPECTED
                print('ok')
                """).args(file, chunked).withSwiftDir().run();
        assertEquals("ok\n", out);
    }
}
