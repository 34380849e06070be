package io.swiftnode.daemon;

/** Where a daemon stands, as the admin API reports it. */
public enum DaemonState {
    /** Not scheduled: its config section is absent; passes run only on request. */
    DISABLED,
    /** Scheduled and waiting for its next pass. */
    IDLE,
    /** A pass is running. */
    RUNNING,
    /** The application is shutting down; no new pass starts. */
    STOPPED
}
