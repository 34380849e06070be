package io.swiftnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python 3 ConfigParser behaviour as Swift relies on it; expected values were checked against CPython 3.11. */
class IniFileTest {

    private static IniFile readconf(String text) {
        return IniFile.parse(text, "test.conf", IniFile.Dialect.READCONF, Map.of());
    }

    @Test
    void defaultsAreVisibleInEverySectionAndSectionValuesWin() {
        IniFile ini = readconf("""
                [DEFAULT]
                a = 1
                b = 2
                [s]
                b = 3
                """);
        assertEquals(List.of("s"), ini.sections());
        assertFalse(ini.hasSection("DEFAULT"));
        assertEquals(Map.of("a", "1", "b", "3"), ini.items("s"));
        assertEquals(Map.of("a", "1", "b", "2"), ini.items("DEFAULT"));
        assertEquals(Map.of("b", "3"), ini.rawSection("s"));
        assertEquals(Optional.of("1"), ini.get("s", "a"));
        assertEquals(Optional.empty(), ini.get("s", "c"));
    }

    @Test
    void delimitersCommentsAndWhitespace() {
        IniFile ini = readconf("""
                # comment
                ; other comment
                [s]
                colon: v1
                equals=v2
                  indented = is a continuation\t
                url = http://host:80/x
                time: 12:30
                inline = value # not a comment
                    # indented comment after an option is skipped
                empty =
                """);
        Map<String, String> s = ini.items("s");
        assertEquals("v1", s.get("colon"));
        assertEquals("v2\nindented = is a continuation", s.get("equals"));
        assertFalse(s.containsKey("indented"));
        assertEquals("http://host:80/x", s.get("url"), "split at the first = or :");
        assertEquals("12:30", s.get("time"));
        assertEquals("value # not a comment", s.get("inline"));
        assertEquals("", s.get("empty"));
    }

    @Test
    void firstDelimiterWinsEvenIfItIsAColon() {
        IniFile ini = readconf("[s]\nkey:with = colon\n");
        assertEquals(Map.of("key", "with = colon"), ini.items("s"));
    }

    @Test
    void continuationLinesAndBlankLinesInsideValues() {
        IniFile ini = readconf("""
                [s]
                list = a,
                    b,

                    c
                next = x

                [t]
                k = v
                """);
        assertEquals("a,\nb,\n\nc", ini.items("s").get("list"));
        assertEquals("x", ini.items("s").get("next"), "trailing blank lines are dropped");
    }

    @Test
    void keyCaseDependsOnTheDialect() {
        String text = "[s]\nMixed_Key = 1\n";
        assertEquals(Map.of("mixed_key", "1"), readconf(text).items("s"));
        assertEquals(Optional.of("1"), readconf(text).get("s", "MIXED_KEY"));
        IniFile paste = IniFile.parse(text, "t", IniFile.Dialect.PASTE_DEPLOY, Map.of());
        assertEquals(Map.of("Mixed_Key", "1"), paste.items("s"));
        assertEquals(Optional.empty(), paste.get("s", "mixed_key"));
    }

    @Test
    void sectionNamesAreCaseSensitiveAndEndAtTheLastBracket() {
        IniFile ini = readconf("[default]\na=1\n[s] trailing text\nb=2\n[x]y]\nc=3\n");
        assertEquals(List.of("default", "s", "x]y"), ini.sections());
        assertEquals(Map.of(), ini.rawDefaults());
    }

    /** Files are read with universal newlines, as Python's {@code open()} reads them. */
    @Test
    void crlfAndCrLineEndings() {
        IniFile ini = readconf("[s]\r\na = 1\r\nb = 2\rc = 3");
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), ini.items("s"));
    }

    @Test
    void strictModeRejectsDuplicatesWithinOneFile() {
        ConfigException dupOption = assertThrows(ConfigException.class, () -> readconf("[s]\na=1\nA=2\n"));
        assertTrue(dupOption.getMessage().contains("option 'a' in section [s] already exists"), dupOption.getMessage());
        ConfigException dupSection = assertThrows(ConfigException.class, () -> readconf("[s]\n[t]\n[s]\n"));
        assertTrue(dupSection.getMessage().contains("section [s] already exists"), dupSection.getMessage());
        assertEquals(Map.of("a", "2"), IniFile.parse("[s]\na=1\na=2\n", "t",
                new IniFile.Dialect(IniFile.KeyCase.LOWER, false, IniFile.Interpolation.NONE), Map.of()).items("s"));
    }

    @Test
    void syntaxErrors() {
        ConfigException noHeader = assertThrows(ConfigException.class, () -> readconf("a = 1\n[s]\n"));
        assertTrue(noHeader.getMessage().contains("test.conf:1: file contains no section headers"),
                noHeader.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> readconf("[s]\nno delimiter\n= novalue\n"));
        assertTrue(bad.getMessage().contains("[line 2]: 'no delimiter'"), bad.getMessage());
        assertTrue(bad.getMessage().contains("[line 3]: '= novalue'"), bad.getMessage());
        assertThrows(ConfigException.class, () -> readconf("[]\n"));
    }

    @Test
    void nicerInterpolationLeavesPercentValuesAlone() {
        IniFile ini = readconf("""
                [DEFAULT]
                root = /srv
                [s]
                reserve = 1%
                devices = %(root)s/node
                escaped = %(root)s %% done
                nested = %(devices)s/sdb1
                """);
        Map<String, String> s = ini.items("s");
        assertEquals("1%", s.get("reserve"));
        assertEquals("/srv/node", s.get("devices"));
        assertEquals("/srv % done", s.get("escaped"));
        assertEquals("/srv/node/sdb1", s.get("nested"));
    }

    @Test
    void basicInterpolationAppliesToEveryValue() {
        IniFile.Dialect basic = IniFile.Dialect.SWIFT_CONF;
        assertEquals("50%", IniFile.parse("[s]\nv = 50%%\n", "t", basic, Map.of()).items("s").get("v"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> IniFile.parse("[s]\nv = 1%\n", "t", basic, Map.of()).items("s"));
        assertTrue(e.getMessage().contains("'%' must be followed by '%' or '('"), e.getMessage());
    }

    @Test
    void interpolationErrors() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> readconf("[s]\nv = %(nope)s\n").items("s"));
        assertTrue(missing.getMessage().contains("interpolation key 'nope'"), missing.getMessage());
        ConfigException loop = assertThrows(ConfigException.class,
                () -> readconf("[s]\na = %(b)s\nb = %(a)s\n").get("s", "a"));
        assertTrue(loop.getMessage().contains("too deeply recursive"), loop.getMessage());
        ConfigException syntax = assertThrows(ConfigException.class, () -> readconf("[s]\nv = %(x\n").items("s"));
        assertTrue(syntax.getMessage().contains("bad interpolation variable reference"), syntax.getMessage());
    }

    @Test
    void interpolationKeysFollowTheKeyCase() {
        IniFile ini = readconf("[s]\nRoot = /a\nv = %(ROOT)s/b\n");
        assertEquals("/a/b", ini.items("s").get("v"));
    }

    @Test
    void initialDefaultsActLikeDefaultSectionValues() {
        IniFile ini = IniFile.parse("[s]\nv = %(here)s/x\n", "t", IniFile.Dialect.PASTE_DEPLOY,
                Map.of("here", "/etc/swift"));
        assertEquals("/etc/swift/x", ini.items("s").get("v"));
    }

    @Test
    void directoryReadsSortedConfFilesLaterOnesOverriding(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("20-b.conf"), "[s]\nb = 2\na = overridden\n");
        Files.writeString(dir.resolve("10-a.conf"), "[DEFAULT]\nd = 0\n[s]\na = 1\n");
        Files.writeString(dir.resolve(".hidden.conf"), "[s]\na = hidden\n");
        Files.writeString(dir.resolve("notes.txt"), "not ini at all");
        IniFile ini = IniFile.read(dir, IniFile.Dialect.READCONF, Map.of());
        assertEquals(Map.of("a", "overridden", "b", "2", "d", "0"), ini.items("s"));
    }

    @Test
    void unreadableAndNonUtf8FilesAreClearErrors(@TempDir Path dir) throws IOException {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> IniFile.read(dir.resolve("nope.conf"), IniFile.Dialect.READCONF, Map.of()));
        assertTrue(missing.getMessage().startsWith("Unable to read config from"), missing.getMessage());
        Path latin1 = dir.resolve("latin1.conf");
        Files.write(latin1, new byte[] {'[', 's', ']', '\n', 'a', '=', (byte) 0xe9, '\n'});
        ConfigException enc = assertThrows(ConfigException.class,
                () -> IniFile.read(latin1, IniFile.Dialect.READCONF, Map.of()));
        assertTrue(enc.getMessage().contains("not valid UTF-8"), enc.getMessage());
    }

    @Test
    void optionsListsSectionThenDefaultKeys() {
        IniFile ini = readconf("[DEFAULT]\nd = 1\n[s]\ns = 2\n");
        assertEquals(List.of("s", "d"), ini.options("s"));
    }
}
