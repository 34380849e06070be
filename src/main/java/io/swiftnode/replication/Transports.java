package io.swiftnode.replication;

import io.swiftnode.config.ReplicatorConfig;
import io.swiftnode.disk.DiskFileManager;

/** Picks the {@link SyncTransport} named by {@code sync_method}. Stateless. */
final class Transports {
    private Transports() {
    }

    static SyncTransport forConfig(ReplicatorConfig conf, DiskFileManager disk) {
        if (conf.syncMethod().equals("ssync")) {
            return new SsyncSender(disk, conf.connTimeout(), conf.nodeTimeout(), conf.httpTimeout(),
                    conf.networkChunkSize());
        }
        return new RsyncTransport(conf, new ReplicateClient(conf.httpTimeout()));
    }
}
