package org.chargebay.app;

/** The body of every API error: a stable code and a sentence. Never a stack trace. */
public record ApiError(String error, String reason) {}
