package io.swiftnode.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swiftnode.disk.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectDataTest {

    private static UpdateSender.Response answer(String... kv) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put(HeaderNames.title(kv[i]), kv[i + 1]);
        }
        return new UpdateSender.Response(301, h);
    }

    @Test
    void unquoteAndLocationPathsMatchPython() {
        assertEquals("a\u00e9\ufffdx%zzA", Quoting.unquote("a%C3%A9%C3x%zz%41"));
        assertEquals("/.shards_a/c", RedirectData.urlPath("http://x:1/.shards_a/c?x#y"));
        assertEquals("/a/c", RedirectData.urlPath(" /a/c;p"));
        assertEquals("//x/a/c", RedirectData.urlPath("//host//x/a/c"));
        assertThrows(IllegalArgumentException.class, () -> RedirectData.urlPath("http://[::1/a/c"));
    }

    @Test
    void quoteLeavesOnlyUnreservedAndSlash() throws Exception {
        assertEquals("/a%20b/%C3%A9~_.-%25", UpdateSender.quote("/a b/\u00e9~_.-%"));
        assertThrows(java.nio.charset.CharacterCodingException.class, () -> UpdateSender.quote("\udc80"));
    }

    @Test
    void redirectNeedsLocationPathAndTimestamp() {
        assertNull(RedirectData.of(answer()));
        RedirectData d = RedirectData.of(answer("location", "/.shards_a/c%20x/o", "x-backend-redirect-timestamp",
                "1700000001.00000", "x-backend-location-is-quoted", "true"));
        assertEquals(".shards_a/c x", d.path());
        assertEquals(Timestamp.parse("1700000001.00000"), d.timestamp());
        assertEquals(".shards_a/c%20x", RedirectData.of(answer("Location", "/.shards_a/c%20x",
                "X-Backend-Redirect-Timestamp", "1")).path());
        assertThrows(IllegalArgumentException.class, () -> RedirectData.of(answer("Location", "/a",
                "X-Backend-Redirect-Timestamp", "1")));
        assertThrows(IllegalArgumentException.class, () -> RedirectData.of(answer("Location", "/a/c")));
        assertThrows(IllegalArgumentException.class, () -> RedirectData.of(answer("Location", "/a/c",
                "X-Backend-Redirect-Timestamp", "x")));
    }
}
