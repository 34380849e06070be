package io.swiftnode.updater;

import io.swiftnode.backend.RedirectData;
import io.swiftnode.backend.UpdateSender;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one update to one container node (Swift's {@code ObjectUpdater.object_update}) through the
 * shared backend client, to the node's replication address, and reduces the answer to what the
 * updater needs: whether it was a 2xx, and the redirect of a {@code 301} with a valid
 * {@code Location} and {@code X-Backend-Redirect-Timestamp}. Connection errors and timeouts
 * ({@code conn_timeout}, {@code node_timeout}) are logged and count as failures.
 *
 * <p>Immutable and thread-safe.
 */
final class NodeSender {
    private static final Logger LOG = Logger.getLogger(NodeSender.class.getName());

    /**
     * What one node answered.
     *
     * @param nodeId   the node's ring id
     * @param success  whether it answered 2xx
     * @param redirect the shard it redirected to, or null
     */
    record Outcome(int nodeId, boolean success, RedirectData redirect) {
    }

    private final UpdateSender sender;

    NodeSender(UpdateSender sender) {
        this.sender = sender;
    }

    /**
     * Sends {@code op} for {@code path} ({@code /account/container/object}, unquoted) to
     * {@code node}'s {@code partition}.
     */
    Outcome send(ContainerNode node, int partition, String op, String path, Map<String, String> headers) {
        try {
            UpdateSender.Response r = sender.send(node.host(), node.device(), Integer.toString(partition), op, path,
                    headers);
            RedirectData redirect = null;
            if (r.status() == 301) {
                try {
                    redirect = RedirectData.of(r);
                } catch (IllegalArgumentException e) {
                    LOG.severe(() -> "Container update failed for '" + path + "'; problem with redirect location: "
                            + e.getMessage());
                }
            }
            boolean success = r.status() >= 200 && r.status() < 300;
            if (!success) {
                LOG.fine(() -> "Error code " + r.status() + " is returned from remote server "
                        + node.replicationIp() + ": " + node.replicationPort() + " / " + node.device());
            }
            return new Outcome(node.id(), success, redirect);
        } catch (SocketTimeoutException e) {
            LOG.info(() -> "Timeout talking to remote server " + node + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "ERROR with remote server " + node, e);
        }
        return new Outcome(node.id(), false, null);
    }
}
