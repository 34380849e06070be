package io.swiftnode.it.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A response as read off the socket: status line, headers in order (names as sent), the body after
 * de-chunking, and what went wrong at the transport level, if anything.
 *
 * @param version the protocol token of the status line ({@code HTTP/1.1}); null without a response
 * @param status the status code; 0 without a response
 * @param reason the reason phrase as sent
 * @param headers name/value pairs in the order received (values as octet strings)
 * @param body the entity body (de-chunked); empty for HEAD, 204 and 304
 * @param interim how many 1xx responses preceded the final one
 * @param error a transport problem ("timeout", "closed before the status line", …), or null
 */
public record RawResponse(String version, int status, String reason, List<String[]> headers, byte[] body,
        int interim, String error) {

    static RawResponse failed(String error) {
        return new RawResponse(null, 0, "", List.of(), new byte[0], 0, error);
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** All values of a header (case-insensitive name). */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                out.add(h[1]);
            }
        }
        return out;
    }

    /** The boundary of a {@code multipart/byteranges} Content-Type, or null. */
    public String multipartBoundary() {
        String ct = header("Content-Type");
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("multipart/byteranges")) {
            return null;
        }
        int i = ct.toLowerCase(Locale.ROOT).indexOf("boundary=");
        if (i < 0) {
            return null;
        }
        String b = ct.substring(i + "boundary=".length());
        int semi = b.indexOf(';');
        return (semi < 0 ? b : b.substring(0, semi)).strip();
    }

    /** Status line and headers for the report. */
    public String describe() {
        if (version == null) {
            return "    < (no response: " + error + ")\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("    < ").append(version).append(' ').append(status).append(' ').append(reason);
        if (error != null) {
            sb.append("   [").append(error).append(']');
        }
        sb.append('\n');
        for (String[] h : headers) {
            sb.append("    < ").append(h[0]).append(": ").append(RawRequest.printable(h[1], 200)).append('\n');
        }
        if (body.length > 0) {
            sb.append("    < (").append(body.length).append(" body bytes) ")
                    .append(RawRequest.printable(new String(body, 0, Math.min(body.length, 160),
                            StandardCharsets.ISO_8859_1), 200))
                    .append('\n');
        }
        return sb.toString();
    }
}
