package io.swiftnode.updater;

import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import java.nio.file.Path;

/**
 * One async pending found on a device, ready to be sent (Swift's {@code update_ctx}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param device    the device's path
 * @param policy    the storage policy of the async dir it was found in
 * @param file      the file
 * @param objHash   the hash part of its name
 * @param timestamp the timestamp part of its name
 * @param update    its content
 */
public record PendingUpdate(Path device, int policy, Path file, String objHash, String timestamp,
        AsyncUpdate update) {

    /**
     * The {@code account} and {@code container} the update is for: those of {@code container_path}
     * when it is set (a shard), else the root's (Swift's {@code split_update_path}).
     *
     * @throws IllegalArgumentException if {@code container_path} is not {@code account/container}
     */
    public String[] accountContainer() {
        String cp = update.containerPath();
        if (cp == null || cp.isEmpty()) {
            return new String[] {update.account(), update.container()};
        }
        String[] segs = cp.split("/", -1);
        if (segs.length != 2 || segs[0].isEmpty() || segs[1].isEmpty()) {
            throw new IllegalArgumentException("invalid container_path " + cp);
        }
        return segs;
    }
}
