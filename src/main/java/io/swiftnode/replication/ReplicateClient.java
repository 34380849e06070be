package io.swiftnode.replication;

import io.swiftnode.backend.UpdateSender;
import io.swiftnode.disk.pickle.HashesPickle;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicator's REPLICATE calls to a peer, as Swift's {@code http_connect(…, 'REPLICATE', …)}:
 * {@code REPLICATE /<dev>/<part>[/<s1>-<s2>…] HTTP/1.1} with {@code Host}, {@code Content-Length: 0},
 * {@code User-Agent: object-replicator <pid>} and {@code X-Backend-Storage-Policy-Index}; one request
 * per connection, sent by the node's backend client ({@link UpdateSender}). The whole exchange
 * (connect, send, read the answer) must finish within {@code http_timeout}: a peer that accepts and
 * never answers costs at most that long.
 *
 * <p>Immutable and thread-safe; every call has its own socket.
 */
public final class ReplicateClient {
    /** Far above any partition's pickled suffix hashes (4,096 suffixes of about 45 bytes). */
    private static final int MAX_BODY = 64 << 20;

    private final UpdateSender sender;
    private final String userAgent;

    /** @param httpTimeout seconds for a whole REPLICATE exchange ({@code http_timeout}) */
    public ReplicateClient(double httpTimeout) {
        this.sender = UpdateSender.wholeExchange(httpTimeout);
        this.userAgent = "object-replicator " + ProcessHandle.current().pid();
    }

    /**
     * {@code REPLICATE /<dev>/<part>}: the peer's suffix hashes (suffix → hash, or null for a suffix
     * being emptied).
     *
     * @throws RemoteFailure on a non-200 answer (507 included: {@link RemoteFailure#status()})
     * @throws IOException   on connection problems or timeouts
     */
    public Map<String, String> hashes(SyncTarget target, String partition, int policy) throws IOException {
        UpdateSender.Response a = call(target, partition, "", policy, MAX_BODY);
        if (a.status() != 200) {
            throw new RemoteFailure(a.status());
        }
        Map<String, Object> decoded = HashesPickle.decode(a.body());
        Map<String, String> out = new LinkedHashMap<>();
        decoded.forEach((k, v) -> {
            if (HashesPickle.isSuffix(k)) {
                out.put(k, v instanceof String s ? s : null);
            }
        });
        return out;
    }

    /** {@code REPLICATE /<dev>/<part>/<s1>-<s2>…}: asks the peer to rehash those suffixes; the answer is not checked. */
    public void invalidate(SyncTarget target, String partition, List<String> suffixes, int policy)
            throws IOException {
        call(target, partition, "/" + String.join("-", suffixes), policy, -1);
    }

    /** A non-200 answer to REPLICATE. */
    public static final class RemoteFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        RemoteFailure(int status) {
            super("Invalid response " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private UpdateSender.Response call(SyncTarget target, String partition, String suffixPart, int policy,
            int maxBody) throws IOException {
        String host = (target.ip().indexOf(':') >= 0 ? "[" + target.ip() + "]" : target.ip()) + ":" + target.port();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Length", "0");
        headers.put("User-Agent", userAgent);
        headers.put("X-Backend-Storage-Policy-Index", Integer.toString(policy));
        return sender.send(host, target.device(), partition, "REPLICATE", suffixPart, headers, maxBody);
    }
}
