package io.swiftnode.http;

import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP dates as swob handles them: {@code Last-Modified} is written with
 * {@code strftime("%a, %d %b %Y %H:%M:%S GMT")} in the C locale, and {@code If-Modified-Since}
 * and {@code If-Unmodified-Since} are read with Python's {@code email.utils.parsedate} (CPython
 * 3.11) followed by {@code datetime(..., tzinfo=UTC)}.
 *
 * <p>The parser is reproduced rather than replaced by a strict RFC 7231 one because a
 * conditional GET must get the same answer from every object server: {@code parsedate} accepts
 * RFC 1123, RFC 850 and asctime dates and many sloppier forms, and it <em>ignores the zone</em>
 * (a {@code +0500} date is read as if it were GMT). Whatever it or {@code datetime} rejects
 * (including out-of-range fields such as {@code 31 Feb} or second 60) makes swob ignore the
 * header, which is {@code null} here.
 *
 * <p>Stateless and thread-safe.
 */
public final class HttpDates {
    private static final String[] DAY_ABBR = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTH_ABBR = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
        "Oct", "Nov", "Dec"};
    /** {@code email._parseaddr._monthnames}; index mod 12 is the month. */
    private static final List<String> MONTH_NAMES = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul",
            "aug", "sep", "oct", "nov", "dec", "january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");
    private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    /** 0001-01-01T00:00:00Z, the earliest instant Python's {@code datetime} holds. */
    public static final long MIN_EPOCH_SECONDS = -62135596800L;
    /** 9999-12-31T23:59:59Z, the latest whole second Python's {@code datetime} holds. */
    public static final long MAX_EPOCH_SECONDS = 253402300799L;

    private HttpDates() {
    }

    /**
     * Formats a {@code Last-Modified} value, e.g. {@code Tue, 14 Nov 2023 22:13:21 GMT}
     * (for an object, pass the ceiling of its X-Timestamp).
     *
     * @param epochSeconds seconds since the epoch, from {@code 1970-01-01} to {@code 9999-12-31}
     *     (X-Timestamps are non-negative)
     */
    public static String format(long epochSeconds) {
        if (epochSeconds < 0 || epochSeconds > MAX_EPOCH_SECONDS) {
            throw new IllegalArgumentException("epoch seconds out of range: " + epochSeconds);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(29);
        sb.append(DAY_ABBR[t.getDayOfWeek().getValue() - 1]).append(", ");
        two(sb, t.getDayOfMonth()).append(' ').append(MONTH_ABBR[t.getMonthValue() - 1]).append(' ');
        sb.append(t.getYear()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond()).append(" GMT");
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /**
     * Reads an {@code If-Modified-Since}/{@code If-Unmodified-Since} value as swob does.
     *
     * @param value the header value, or null when absent
     * @return the date as seconds since the epoch (the zone, if any, ignored), or null when swob
     *     would ignore the header
     */
    public static Long parse(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        List<String> data = new ArrayList<>(Ranges.pySplit(value));
        if (data.isEmpty()) {
            return null;
        }
        String first = data.get(0);
        if (first.endsWith(",") || DAY_NAMES.contains(first.toLowerCase(Locale.ROOT))) {
            data.remove(0);
        } else {
            int i = first.lastIndexOf(',');
            if (i >= 0) {
                data.set(0, first.substring(i + 1));
            }
        }
        if (data.size() == 3) {
            // RFC 850: dd-mon-yy
            String[] stuff = data.get(0).split("-", -1);
            if (stuff.length == 3) {
                List<String> d = new ArrayList<>(List.of(stuff));
                d.addAll(data.subList(1, 3));
                data = d;
            }
        }
        if (data.size() == 4) {
            String s = data.get(3);
            int i = s.indexOf('+');
            if (i == -1) {
                i = s.indexOf('-');
            }
            if (i > 0) {
                data.set(3, s.substring(0, i));
                data.add(s.substring(i));
            } else {
                data.add("");
            }
        }
        if (data.size() < 5) {
            return null;
        }
        String dd = data.get(0);
        String mm = data.get(1);
        String yy = data.get(2);
        String tm = data.get(3);
        String tz = data.get(4);
        if (dd.isEmpty() || mm.isEmpty() || yy.isEmpty()) {
            return null;
        }
        mm = mm.toLowerCase(Locale.ROOT);
        int month = MONTH_NAMES.indexOf(mm);
        if (month < 0) {
            String swapped = dd.toLowerCase(Locale.ROOT);
            dd = mm;
            month = MONTH_NAMES.indexOf(swapped);
            if (month < 0) {
                return null;
            }
        }
        month = month % 12 + 1;
        if (dd.endsWith(",")) {
            dd = dd.substring(0, dd.length() - 1);
        }
        if (yy.indexOf(':') > 0) {
            String t = yy;
            yy = tm;
            tm = t;
        }
        if (yy.isEmpty()) {
            return null; // IndexError in Python: swob ignores the header
        }
        if (yy.endsWith(",")) {
            yy = yy.substring(0, yy.length() - 1);
            if (yy.isEmpty()) {
                return null;
            }
        }
        if (!Ranges.isPyDigit(yy.codePointAt(0))) {
            String t = yy;
            yy = tz;
            tz = t;
        }
        if (tm.isEmpty()) {
            return null; // IndexError
        }
        if (tm.endsWith(",")) {
            tm = tm.substring(0, tm.length() - 1);
        }
        String[] parts = tm.split(":", -1);
        String thh;
        String tmm;
        String tss;
        if (parts.length == 2) {
            thh = parts[0];
            tmm = parts[1];
            tss = "0";
        } else if (parts.length == 3) {
            thh = parts[0];
            tmm = parts[1];
            tss = parts[2];
        } else if (parts.length == 1 && tm.contains(".")) {
            // some mailers separate the time with dots
            parts = tm.split("\\.", -1);
            if (parts.length == 2) {
                thh = parts[0];
                tmm = parts[1];
                tss = "0";
            } else if (parts.length == 3) {
                thh = parts[0];
                tmm = parts[1];
                tss = parts[2];
            } else {
                return null;
            }
        } else {
            return null;
        }
        BigInteger year = Ranges.pyInt(yy);
        BigInteger day = Ranges.pyInt(dd);
        BigInteger hour = Ranges.pyInt(thh);
        BigInteger minute = Ranges.pyInt(tmm);
        BigInteger second = Ranges.pyInt(tss);
        if (year == null || day == null || hour == null || minute == null || second == null) {
            return null;
        }
        // two-digit years per POSIX: 69..99 -> 19xx, anything else below 100 -> 20xx
        if (year.compareTo(BigInteger.valueOf(100)) < 0) {
            year = year.add(BigInteger.valueOf(year.compareTo(BigInteger.valueOf(68)) > 0 ? 1900 : 2000));
        }
        // the zone is parsed by Python but parsedate() drops it; nothing in it can fail
        return toEpoch(year, month, day, hour, minute, second);
    }

    /** {@code datetime(y, m, d, H, M, S, tzinfo=UTC)}: null where it raises. */
    private static Long toEpoch(BigInteger year, int month, BigInteger day, BigInteger hour, BigInteger minute,
            BigInteger second) {
        if (!within(year, 1, 9999) || !within(hour, 0, 23) || !within(minute, 0, 59) || !within(second, 0, 59)) {
            return null;
        }
        int y = year.intValueExact();
        int monthLength = YearMonth.of(y, month).lengthOfMonth();
        if (!within(day, 1, monthLength)) {
            return null;
        }
        LocalDateTime t = LocalDateTime.of(y, month, day.intValueExact(), hour.intValueExact(),
                minute.intValueExact(), second.intValueExact());
        return t.toEpochSecond(ZoneOffset.UTC);
    }

    private static boolean within(BigInteger v, long lo, long hi) {
        return v.compareTo(BigInteger.valueOf(lo)) >= 0 && v.compareTo(BigInteger.valueOf(hi)) <= 0;
    }
}
