package io.swiftnode.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link PyJson} reads and writes as Python's {@code json.loads}/{@code json.dumps} (outputs checked with Python). */
class PyJsonTest {
    private static String roundTrip(String text) throws PyJson.DecodeError {
        return PyJson.dumps(PyJson.loads(text));
    }

    @Test
    void writesLikeJsonDumps() throws Exception {
        assertEquals("{\"b\": 1, \"a\": [1.5, null, true, false, \"x\"], \"c\": {}}",
                roundTrip(" {\"b\":1,\"a\":[1.50,null,true,false,\"x\"],\"c\":{}}\n"));
        assertEquals("[100000.0, 1e-05, 1.5e+300, Infinity, -Infinity, NaN, -0.0, 0]",
                roundTrip("[1e5, 0.00001, 1.5E300, 1e400, -Infinity, NaN, -0.0, -0]"));
        assertEquals("[12345678901234567890123]", roundTrip("[12345678901234567890123]"));
        assertEquals("\"\\u00e9\\ud83d\\ude00\\u007f\\n\\\"/\"", roundTrip("\"\\u00E9\ud83d\ude00\u007f\\n\\\"\\/\""));
        assertEquals("{\"a\": 2, \"b\": 1}", roundTrip("{\"a\": 1, \"b\": 1, \"a\": 2}"));
    }

    @Test
    void refusesWhatPythonRefuses() {
        for (String bad : List.of("", "{", "{\"a\": 1,}", "[1,]", "01", "1.", "{} {}", "{}\n{}", "'a'", "nan",
                "\"a\tb\"", "\"\\x\"", "\"\\u12\"", "\ufeff{}", "{1: 2}", "-", "[1 2]")) {
            assertThrows(PyJson.DecodeError.class, () -> PyJson.loads(bad), bad);
        }
    }
}
