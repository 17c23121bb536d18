import DBCore
import Foundation

/// Charts drawn as inline SVG for the HTML report: lines (with a marker and a dash pattern
/// per series, so colour is never the only cue), stacked bars and sparklines. Axes carry
/// their unit, every series is in the legend, and every point or bar has a hover title.
/// The Okabe-Ito palette reads for the common forms of colour blindness.
enum SVGChart {
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    static let dashes = ["", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3"]
    static let width = 720.0, height = 260.0
    static let left = 84.0, right = 16.0, top = 16.0, bottom = 44.0

    struct Series {
        var name: String
        var values: [Double?]
    }

    /// The unit a chart's values are in: how its axis and hover titles write them.
    enum Unit {
        case count, bytes, milliseconds, amount(String)

        func format(_ value: Double) -> String {
            switch self {
            case .count: return Format.number((value * 100).rounded() / 100)
            case .bytes: return Format.bytes(value)
            case .milliseconds: return Format.milliseconds(value)
            case .amount: return String(format: "%.2f", value)
            }
        }

        var label: String {
            switch self {
            case .count: return "count"
            case .bytes: return "bytes"
            case .milliseconds: return "ms"
            case .amount(let name): return name
            }
        }
    }

    /// Round tick values from 0 (or the smallest value) to the largest.
    static func ticks(upTo maximum: Double) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0, 1] }
        let raw = maximum / 4
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return (0...Int((maximum / step).rounded(.up))).map { Double($0) * step }
    }

    static func x(_ index: Int, of count: Int) -> Double {
        rounded(plotX(index, of: count))
    }

    static func plotX(_ index: Int, of count: Int) -> Double {
        let plot = width - left - right
        return count <= 1 ? left + plot / 2 : left + plot * Double(index) / Double(count - 1)
    }

    static func y(_ value: Double, scale: Double) -> Double {
        rounded(top + (height - top - bottom) * (1 - value / scale))
    }

    /// Coordinates to a tenth of a pixel: the page stays small with a year of points.
    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// Axes, grid lines, tick labels and the x labels (first, middle, last).
    static func frame(title: String, unit: Unit, labels: [String], scale: Double, ticks: [Double]) -> String {
        var out =
            "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\"><title>\(HTML.escape(title))</title>"
        for tick in ticks {
            let yy = y(tick, scale: scale)
            out += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(yy)\" y2=\"\(yy)\" class=\"grid\"/>"
            out +=
                "<text x=\"\(left - 6)\" y=\"\(yy + 4)\" text-anchor=\"end\" class=\"tick\">\(HTML.escape(unit.format(tick)))</text>"
        }
        out += "<line x1=\"\(left)\" x2=\"\(left)\" y1=\"\(top)\" y2=\"\(height - bottom)\" class=\"axis\"/>"
        out +=
            "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(height - bottom)\" y2=\"\(height - bottom)\" class=\"axis\"/>"
        let shown = Set([0, labels.count / 2, labels.count - 1].filter { $0 >= 0 && $0 < labels.count })
        for index in shown.sorted() {
            // The first label starts at the axis and the last ends at the edge: none is cut.
            let anchor =
                labels.count == 1 ? "middle" : index == 0 ? "start" : index == labels.count - 1 ? "end" : "middle"
            out +=
                "<text x=\"\(x(index, of: labels.count))\" y=\"\(height - bottom + 16)\" text-anchor=\"\(anchor)\" class=\"tick\">\(HTML.escape(labels[index]))</text>"
        }
        out +=
            "<text x=\"12\" y=\"\(top + (height - top - bottom) / 2)\" transform=\"rotate(-90 12 \(top + (height - top - bottom) / 2))\" text-anchor=\"middle\" class=\"unit\">\(HTML.escape(unit.label))</text>"
        return out
    }

    static func legend(_ names: [String]) -> String {
        "<div class=\"legend\">"
            + names.enumerated().map { index, name in
                "<span><i style=\"background:\(palette[index % palette.count])\"></i>\(HTML.escape(name))</span>"
            }.joined() + "</div>"
    }

    /// `connectGaps`: a series measured at times of its own on a shared time axis (backups
    /// of several targets, tables of several targets' snapshots) is drawn through the times
    /// it has no value at; otherwise a missing value breaks the line (a day without data).
    static func lines(title: String, unit: Unit, labels: [String], series: [Series], connectGaps: Bool = false)
        -> String
    {
        let maximum = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let ticks = ticks(upTo: maximum)
        let scale = max(ticks.last ?? 1, 1e-9)
        var out = frame(title: title, unit: unit, labels: labels, scale: scale, ticks: ticks)
        for (index, one) in series.enumerated() {
            let color = palette[index % palette.count], dash = dashes[index % dashes.count]
            var path = "", pen = false
            for (i, value) in one.values.enumerated() {
                guard let value else {
                    pen = pen && connectGaps
                    continue
                }
                path += "\(pen ? "L" : "M")\(x(i, of: labels.count)),\(y(value, scale: scale)) "
                pen = true
            }
            out +=
                "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            for (i, value) in one.values.enumerated() {
                guard let value else { continue }
                out +=
                    "<circle cx=\"\(x(i, of: labels.count))\" cy=\"\(y(value, scale: scale))\" r=\"3\" fill=\"\(color)\"><title>\(HTML.escape("\(one.name) \(labels[i]): \(unit.format(value))"))</title></circle>"
            }
        }
        return "<figure><figcaption>\(HTML.escape(title))</figcaption>" + out + "</svg>"
            + legend(series.map(\.name)) + "</figure>"
    }

    static func stackedBars(title: String, unit: Unit, labels: [String], series: [Series]) -> String {
        let totals = labels.indices.map { i in series.reduce(0) { $0 + ($1.values[i] ?? 0) } }
        let ticks = ticks(upTo: totals.max() ?? 0)
        let scale = max(ticks.last ?? 1, 1e-9)
        var out = frame(title: title, unit: unit, labels: labels, scale: scale, ticks: ticks)
        let slot = (width - left - right) / Double(max(labels.count, 1))
        for i in labels.indices {
            var base = 0.0
            for (index, one) in series.enumerated() {
                guard let value = one.values[i], value > 0 else { continue }
                let x0 = rounded(left + slot * Double(i) + slot * 0.15)
                let y0 = y(base + value, scale: scale), y1 = y(base, scale: scale)
                out +=
                    "<rect x=\"\(x0)\" y=\"\(y0)\" width=\"\(rounded(slot * 0.7))\" height=\"\(rounded(max(0.5, y1 - y0)))\" fill=\"\(palette[index % palette.count])\"><title>\(HTML.escape("\(one.name) \(labels[i]): \(unit.format(value))"))</title></rect>"
                base += value
            }
        }
        return "<figure><figcaption>\(HTML.escape(title))</figcaption>" + out + "</svg>"
            + legend(series.map(\.name)) + "</figure>"
    }

    /// A small line of a statement's time per snapshot.
    static func sparkline(_ values: [Double], title: String) -> String {
        let w = 120.0, h = 28.0
        let maximum = max(values.max() ?? 0, 1e-9)
        let points = values.enumerated().map { i, v in
            "\(rounded(values.count <= 1 ? w / 2 : 2 + (w - 4) * Double(i) / Double(values.count - 1))),\(rounded(h - 2 - (h - 4) * v / maximum))"
        }
        return
            "<svg class=\"spark\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\"><title>\(HTML.escape(title))</title><polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(palette[0])\" stroke-width=\"1.5\"/></svg>"
    }
}
