package org.redischart.chartgen.publish;

/** A publish step failed for a reason the user can fix; the message says what to change. */
public class PublishException extends RuntimeException {

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
