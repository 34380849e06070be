/**
 * Small general-purpose helpers that know nothing of Swift, shared by several concerns (e.g. the
 * look-ahead iterator behind the ring's handoff order, the updater's async-pending scan and the
 * auditor's walk).
 */
package io.swiftnode.util;
