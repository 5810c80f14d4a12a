import DataIO
import Foundation
import HTTPTypes
import Library

/// A request the server refuses, with the HTTP status and the message sent as
/// `{"error": "..."}`.
public struct APIError: Error, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code) \(message)" }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    static func tooLarge(_ limit: Int, what: String) -> APIError {
        APIError(.contentTooLarge, "\(what) is larger than the limit of \(limit) bytes")
    }

    /// The status and message for any error a handler throws: client mistakes are 4xx,
    /// everything else 500 with the error's own description.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as LibraryError:
            switch error {
            case .invalidQuery: return APIError(.badRequest, error.description)
            case .itemNotFound: return APIError(.notFound, error.description)
            case .busy: return APIError(.conflict, error.description)
            case .modelMismatch, .dimensionMismatch: return APIError(.conflict, error.description)
            case .emptyLibrary: return APIError(.conflict, error.description)
            case .pathNotFound: return APIError(.notFound, error.description)
            default: return APIError(.internalServerError, error.description)
            }
        case let error as ImageDecodingError:
            switch error {
            case .encodingFailed: return APIError(.internalServerError, error.description)
            default: return APIError(.unsupportedMediaType, error.description)
            }
        default:
            return APIError(.internalServerError, "\(error)")
        }
    }
}
