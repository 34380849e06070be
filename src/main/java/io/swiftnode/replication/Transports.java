package io.swiftnode.replication;

import io.swiftnode.config.ReplicatorConfig;

/** Picks the {@link SyncTransport} named by {@code sync_method}. Stateless. */
final class Transports {
    private Transports() {
    }

    static SyncTransport forConfig(ReplicatorConfig conf) {
        ReplicateClient replicate = new ReplicateClient(conf.httpTimeout());
        if (conf.syncMethod().equals("ssync")) {
            throw new IllegalStateException("sync_method = ssync: the SSYNC sender is not in this build");
        }
        return new RsyncTransport(conf, replicate);
    }
}
