package io.swiftnode.daemon;

import java.util.Map;

/**
 * A daemon's state for the admin API (serialised with JSON-B). Times are Unix epoch seconds, null
 * when there was no such pass yet.
 *
 * @param name           the daemon's name
 * @param state          its state
 * @param interval       seconds between passes in run-forever mode
 * @param passes         passes completed since start-up
 * @param lastPassStart  start of the last completed pass (or of the running one, when running)
 * @param lastPassEnd    end of the last completed pass
 * @param lastPassError  why the last pass failed, or null when it succeeded
 * @param nextPass       when the next scheduled pass starts, or null when none is scheduled
 * @param stats          the last completed pass's statistics (empty before the first)
 */
public record DaemonStatus(String name, DaemonState state, double interval, long passes, Double lastPassStart,
        Double lastPassEnd, String lastPassError, Double nextPass, Map<String, Object> stats) {
}
