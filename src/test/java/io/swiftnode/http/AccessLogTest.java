package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
    @Test
    void durationsAreFormattedLikePercentPoint4f() {
        assertEquals("0.0000", AccessLog.seconds4(0.00004));
        assertEquals("0.0001", AccessLog.seconds4(0.00012));
        assertEquals("1.2346", AccessLog.seconds4(1.23456));
        assertEquals("12.5000", AccessLog.seconds4(12.5));
        assertEquals("0.0100", AccessLog.seconds4(0.01));
    }

    @Test
    void theFileHandlerAppendsPlainLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log/access.log");
        AccessLog.LineFileHandler h = new AccessLog.LineFileHandler(file);
        h.publish(new LogRecord(Level.INFO, "first line"));
        h.publish(new LogRecord(Level.INFO, "second \"quoted\" line"));
        h.close();
        assertEquals("first line\nsecond \"quoted\" line\n", Files.readString(file));
    }
}
