package io.swiftnode.updater;

/** A clock that only moves when someone sleeps; counts the sleeping. */
final class VirtualClock implements SweepClock {
    private double now;
    private double slept;
    private int sleeps;

    VirtualClock(double start) {
        this.now = start;
    }

    @Override
    public synchronized double now() {
        return now;
    }

    @Override
    public synchronized void sleep(double seconds) {
        if (seconds > 0) {
            now += seconds;
            slept += seconds;
            sleeps++;
        }
    }

    synchronized double slept() {
        return slept;
    }

    synchronized int sleeps() {
        return sleeps;
    }
}
