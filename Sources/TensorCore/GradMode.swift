/// Whether ops record backward rules. Enabled by default; disable with ``noGrad(_:)``.
public enum GradMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording any backward rule (inference, optimizer updates, metrics).
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false) { try body() }
}
