package io.swiftnode.it.diff;

/**
 * One way the two servers answered differently (or left different files).
 *
 * @param sequence the sequence's name
 * @param index the request's number in the whole run (1-based; 0 for disk differences)
 * @param request the request, null for disk differences
 * @param kind what differs
 * @param what the header name, disk path or a short description
 * @param python what the Python server did
 * @param java what ours did
 * @param pythonResponse the Python server's response, null for disk differences
 * @param javaResponse our response, null for disk differences
 */
public record Difference(String sequence, int index, RawRequest request, Kind kind, String what, String python,
        String java, RawResponse pythonResponse, RawResponse javaResponse) {

    /** What differs. */
    public enum Kind {
        /** No response, a timeout or a truncated body on one side. */
        TRANSPORT,
        /** The protocol token of the status line. */
        VERSION,
        STATUS,
        /** The status line's reason phrase. */
        REASON,
        /** A header present on one side only or with other values (names compared case-insensitively). */
        HEADER,
        /** The same header, spelt in another case. */
        HEADER_CASE,
        BODY,
        /** A file or directory under the devices root (or hashes.invalid content). */
        DISK
    }

    public String describe() {
        return kind + (what.isEmpty() ? "" : " " + what) + ": python " + python + " | ours " + java;
    }
}
