import RapportStatistics

/// The psych-like plain-text rendering of a ``ReliabilityReport``: per scale, the
/// coefficient line, the N behind it and its CIs, ω and split-half, then the item table
/// ("Reliability if an item is dropped" and "Item statistics") — every line ≤ 80 columns.
public enum ReliabilityText {
    public static func render(_ report: ReliabilityReport) -> String {
        var out = ""
        if let inst = report.instrument {
            out += "Reliability analysis — \(inst.id)"
            if let v = inst.version { out += " \(v)" }
            out += "\n"
        }
        if let input = report.input {
            out += "Input: \(input.path) (\(input.rows) rows)\n"
            if let filtered = input.rowsFilteredOut {
                // Each condition stays on one line with its option.
                var line = "  filtered out: \(filtered) row\(filtered == 1 ? "" : "s"), by"
                for condition in (input.where ?? []).map({ "--where \($0)" }) {
                    if line.count + 1 + condition.count > 80 && line.count > 4 {
                        out += line + "\n"
                        line = "    " + condition
                    } else {
                        line += " " + condition
                    }
                }
                out += line + "\n"
            }
        }
        let o = report.options
        out += "Conventions: \(o.compat.rawValue); missing data: \(o.missing.rawValue); reverse keying:"
        out += " \(o.reverseKeying.rawValue) range;\n  CI N: \(intervalN(o.intervalN)); Duhachek z:"
        out += " \(o.duhachekZ == .psych ? "1.96 (psych)" : "exact")"
        if o.correlations != .pearson { out += "; α and ω from \(o.correlations.rawValue) correlations" }
        out += "\n"
        for scale in report.scales {
            out += "\n" + render(scale)
        }
        out += renderComparison(report)
        if !report.warnings.isEmpty {
            out += "\nWarnings\n"
            for w in report.warnings {
                out += wrap("- [\(w.scale)] \(w.message)", indent: "  ")
            }
        }
        return out
    }

    static func intervalN(_ n: IntervalSampleSize) -> String {
        switch n {
        case .allRows: "all rows (psych)"
        case .completeCases: "complete cases"
        case .pairwiseMinimum: "smallest pairwise n"
        }
    }

    public static func render(_ s: ScaleReliability) -> String {
        var out = "Scale \(s.id): \(s.items.count) items"
        if !s.reversed.isEmpty { out += ", reversed: \(s.reversed.joined(separator: " "))" }
        out += "\n"
        out += "  N: rows \(s.n.rows), complete \(s.n.complete), pairwise \(s.n.pairwiseMin)–\(s.n.pairwiseMax)\n\n"
        out += " raw_alpha std.alpha G6(smc) average_r  S/N   ase  mean    sd median_r\n"
        let a = s.alpha
        out += " " + [f(a.raw, 9), f(a.standardized, 9), f(a.g6, 7), f(a.averageR, 9), f(a.signalToNoise, 5),
                      f(a.ase, 5, 3), f(s.score.itemMean.mean, 5), f(s.score.itemMean.sd, 5), f(a.medianR, 8)].joined(separator: " ") + "\n\n"
        for ci in a.ci {
            let name = ci.method == .bca ? "BCa bootstrap" : ci.method.rawValue.capitalized
            out += "  \(name) \(pct(ci.level)) CI: [\(f(ci.lower, 0)), \(f(ci.upper, 0))]  (N = \(ci.n))\n"
        }
        if let om = s.omega {
            out += "  omega total: \(f(om.total, 0)) (psych, observed denominator); "
            out += "\(f(om.totalModelImplied, 0)) (model-implied)\n"
            out += bootstrapLine("omega total", om.ci)
            if let h = om.hierarchical {
                out += "  omega hierarchical: \(f(om.omegaH, 0)) (\(h.factors) group factors; Schmid-Leiman,"
                out += " minres, oblimin)\n"
                out += "    \(h.factors)-factor omega total \(f(h.total, 0)), omega_h/omega_t \(f(h.limit, 0)),"
                out += " group factors \(f(h.groupShare, 0))\n"
                out += bootstrapLine("  omega_h", h.ci)
                for (i, g) in h.groups.enumerated() {
                    out += wrap("    group \(i + 1): total \(f(g.total, 0)), general \(f(g.general, 0)),"
                                + " group \(f(g.group, 0)); items \(g.items.joined(separator: " "))", indent: "      ")
                }
            }
        }
        if let sh = s.splitHalf {
            out += "  split-half: max (lambda4) \(f(sh.max, 0)), min (beta) \(f(sh.min, 0)), mean \(f(sh.mean, 0))"
            out += " over \(sh.splits) \(sh.exhaustive ? "" : "random ")splits\n"
            out += "  Guttman lambda2 \(f(sh.lambda2, 0)), lambda6 \(f(sh.lambda6, 0))\n"
        }
        let sc = s.score
        out += "  score (\(sc.metric)): mean \(f(sc.mean, 0)), SD \(f(sc.sd, 0)), SEM \(f(sc.sem, 0))"
        out += " (N = \(sc.n))\n"
        if sc.differsFromItemMean {
            let im = sc.itemMean
            out += "  psych's item mean: mean \(f(im.mean, 0)), SD \(f(im.sd, 0)), SEM \(f(im.sem, 0))"
            out += " (N = \(im.n))\n"
        }
        if let ml = s.multilevel {
            out += "  multilevel (psych mlr; \(ml.persons) clients, \(ml.times) sessions, \(ml.items) items):\n"
            if ml.balanced {
                out += "    RkF \(f(ml.rkf, 0)), R1R \(f(ml.r1r, 0)), RkR \(f(ml.rkr, 0)), Rc \(f(ml.rc, 0)) (ANOVA)\n"
            }
            out += "    RkRn \(f(ml.rkrn, 0)), Rcn \(f(ml.rcn, 0)) (REML; Rc = reliability of change within clients)\n"
        }
        if !s.excluded.isEmpty {
            out += "  left out (zero variance): \(s.excluded.joined(separator: " "))\n"
        }
        out += "\n Reliability if an item is dropped:\n"
        let w = max(6, min(12, s.itemStatistics.map(\.id.count).max() ?? 6))
        out += " " + pad("", w) + " raw_alpha std.alpha G6(smc) average_r  S/N alpha se  var.r med.r\n"
        for it in s.itemStatistics {
            let d = it.alphaIfDropped
            out += " " + pad(it.id + (it.reversed ? "-" : ""), w) + " "
            out += [f(d.raw, 9), f(d.standardized, 9), f(d.g6, 7), f(d.averageR, 9), f(d.signalToNoise, 4, 1),
                    f(d.ase, 8, 4), f(d.varR, 6, 4), f(d.medianR, 5)].joined(separator: " ") + "\n"
        }
        out += "\n Item statistics:\n"
        out += " " + pad("", w) + "      n raw.r std.r r.cor r.drop  mean    sd\n"
        for it in s.itemStatistics {
            out += " " + pad(it.id + (it.reversed ? "-" : ""), w) + " "
            out += [String(it.n).leftPad(6), f(it.rawR, 5), f(it.stdR, 5), f(it.rCor, 5), f(it.rDrop, 6),
                    f(it.mean, 5), f(it.sd, 5)].joined(separator: " ") + "\n"
        }
        // Response frequencies: only when the grid has at most 10 categories (as psych).
        let cats = s.itemStatistics.first.map { $0.frequencies.keys.filter { $0 != "missing" } } ?? []
        let sortedCats = cats.sorted { (Double($0) ?? 0) < (Double($1) ?? 0) }
        if !sortedCats.isEmpty && sortedCats.count <= 10 {
            out += "\n Non missing response frequency for each item:\n"
            out += " " + pad("", w) + sortedCats.map { $0.leftPad(5) }.joined() + "  miss\n"
            for it in s.itemStatistics {
                out += " " + pad(it.id, w)
                for c in sortedCats { out += f(it.frequencies[c] ?? nil, 5, 2) }
                out += f(it.frequencies["missing"] ?? nil, 6, 2) + "\n"
            }
        }
        return out
    }

    /// `  NAME bootstrap 95% CI: [l, u]; BCa [l, u]  (B = …)` or nothing without intervals.
    static func bootstrapLine(_ name: String, _ ci: [ScaleReliability.Interval]) -> String {
        guard let first = ci.first else { return "" }
        let parts = ci.map { ($0.method == .bca ? "BCa " : "percentile ") + "[\(f($0.lower, 0)), \(f($0.upper, 0))]" }
        return "  \(name) bootstrap \(pct(first.level)) CI: " + parts.joined(separator: "; ") + "\n"
    }

    /// Fixed decimals (psych prints 2), rounded as every other format and R round
    /// (``ReportNumber/fixed(_:_:)``), right-aligned to `width`; `NA` for undefined values.
    static func f(_ x: Double?, _ width: Int, _ decimals: Int = 2) -> String {
        guard let x, x.isFinite else { return "NA".leftPad(width) }
        return ReportNumber.fixed(x, decimals).leftPad(width)
    }

    /// A confidence level as the other formats write it (``ReportNumber/level(_:)``: `95%`,
    /// `97.5%`, `99.99%`); a value that is not a level (only a tampered state file holds one)
    /// prints its digits.
    static func pct(_ level: Double) -> String {
        if level > 0 && level <= 1 { return ReportNumber.level(level) }
        let p = level * 100
        return p == p.rounded() && abs(p) < 1e15 ? "\(Int(p))%"
            : "\(ReportNumber.fixed(p, 1))%"
    }

    static func pad(_ s: String, _ w: Int) -> String {
        s.count >= w ? String(s.prefix(w)) : s + String(repeating: " ", count: w - s.count)
    }

    static func wrap(_ text: String, indent: String, width: Int = 80) -> String {
        var lines: [String] = []
        let lead = String(text.prefix { $0 == " " })
        var line = lead
        for word in text.split(separator: " ") {
            if line.count > lead.count && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent + word
            } else {
                line += (line.count == lead.count ? "" : " ") + word
            }
        }
        if line.count > lead.count { lines.append(line) }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPad(_ w: Int) -> String {
        count >= w ? self : String(repeating: " ", count: w - count) + self
    }
}

extension ReliabilityText {
    /// The `--exclude-flagged` comparison: each scale's α and ω with all rows and without the
    /// rows screening flagged, with the N of each.
    public static func renderComparison(_ report: ReliabilityReport) -> String {
        guard let x = report.excludingFlagged else { return "" }
        var out = "\nWithout flagged rows: \(x.rowsExcluded) rows excluded, \(x.rowsKept) kept\n"
        for note in x.screening { out += wrap("  \(note)", indent: "    ") }
        out += "\n " + pad("scale", 14) + "  alpha (all)    N  alpha (kept)    N  omega all  kept\n"
        for s in report.scales {
            guard let k = x.scales.first(where: { $0.id == s.id }) else { continue }
            // One cell per statement: long `+` chains of String overloads can exceed the
            // type checker's time limit on a loaded machine.
            let cells: [String] = [
                " ", pad(s.id, 14), " ", f(s.alpha.raw, 12), String(s.n.rows).leftPad(6),
                " ", f(k.alpha.raw, 13), String(k.n.rows).leftPad(6),
                " ", f(s.omega?.total, 10), f(k.omega?.total, 6), "\n",
            ]
            out += cells.joined()
        }
        return out
    }
}
