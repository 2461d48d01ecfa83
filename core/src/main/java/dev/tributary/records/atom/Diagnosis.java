package dev.tributary.records.atom;

/**
 * An SData diagnosis ({@code sdata:diagnosis}, core 3.10): how bad, a code from the specification's list, the
 * application's own code, a message for people, and where in the payload. Null fields are not written.
 *
 * @param severity info, warning, transient, error or fatal
 * @param sdataCode e.g. {@code BadQueryParameter}, {@code ApplicationDiagnosis}
 * @param applicationCode Tributary's own code, e.g. {@code conflict}, {@code gap}
 * @param message what happened
 * @param payloadPath where in the payload, or null
 */
public record Diagnosis(String severity, String sdataCode, String applicationCode, String message, String payloadPath) {

    /**
     * An error about the request of a kind the specification has no code for: {@code ApplicationDiagnosis}, the
     * application's code saying which.
     */
    public static Diagnosis error(String applicationCode, String message) {
        return error("ApplicationDiagnosis", applicationCode, message);
    }

    /**
     * An error about the request, with one of the specification's codes (core 3.10), e.g. {@code BadQueryParameter}
     * or {@code ResourceKindNotFound} (their HTTP status: 400, 404), or {@code ApplicationDiagnosis}.
     */
    public static Diagnosis error(String sdataCode, String applicationCode, String message) {
        return new Diagnosis("error", sdataCode, applicationCode, message, null);
    }
}
