import Archive
import ArgumentParser
import DBCore
import Foundation

/// A job that ran and failed part-way (its summary is already printed): exit 1.
struct JobFailed: Error, CustomStringConvertible {
    let description: String
}
