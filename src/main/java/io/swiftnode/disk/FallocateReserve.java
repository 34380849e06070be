package io.swiftnode.disk;

/**
 * Swift's {@code fallocate_reserve}: either a byte count or a percentage of the filesystem that a
 * preallocation must leave free ({@code "1%"}, {@code "10737418240"}).
 *
 * @param value     the number
 * @param isPercent whether {@code value} is a percentage
 */
public record FallocateReserve(double value, boolean isPercent) {
    public static FallocateReserve parse(String text) {
        String t = text.strip();
        if (t.endsWith("%")) {
            return new FallocateReserve(Double.parseDouble(t.substring(0, t.length() - 1)), true);
        }
        return new FallocateReserve(Double.parseDouble(t), false);
    }

    /**
     * Whether preallocating {@code size} bytes must be refused, given the filesystem's free and
     * total bytes: Swift refuses when what would be left is at or below the reserve.
     */
    public boolean refuses(long size, long freeBytes, long totalBytes) {
        if (value == 0) {
            return false; // Swift checks nothing when the reserve is zero
        }
        double left = (double) freeBytes - size;
        if (isPercent) {
            double pct = totalBytes <= 0 ? 0 : left * 100.0 / totalBytes;
            return pct <= value;
        }
        return left <= value;
    }
}
