package dev.tributary.oplog.recon;

/** A reconciliation message that breaks the format or its limits; the sender is at fault. */
public final class ReconException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReconException(String message) {
        super(message, null, false, false);
    }
}
