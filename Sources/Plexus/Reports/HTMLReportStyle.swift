/// The report's style sheet, inline so that the page needs nothing else: system fonts, a
/// narrow column that reads well, charts that scale to the page, and print rules (no toggle,
/// no page break inside a figure or a table row, linear loss axes).
enum HTMLReportStyle {
    static let css = """
        :root { color-scheme: light; --ink: #1d2430; --muted: #5b6576; --rule: #d9dee7; --accent: #1f5fa8; --panel: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
        main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .lead { font-size: 16px; margin: 4px 0; }
        .muted, .credit, figcaption { color: var(--muted); font-size: 13px; }
        .headline { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0 0; }
        .headline div { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 14px; min-width: 140px; }
        .headline b { display: block; font-size: 20px; }
        .headline span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        table { border-collapse: collapse; margin: 6px 0 12px; font-size: 14px; }
        th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.kv th { font-weight: 600; color: var(--muted); white-space: nowrap; }
        pre { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; overflow-x: auto; font-size: 12.5px; line-height: 1.35; }
        pre.summary { line-height: 1.0; font-family: "DejaVu Sans Mono", "Menlo", "Consolas", ui-monospace, monospace; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px 20px; }
        figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
        figure svg { width: 100%; height: auto; display: block; }
        .toggle { margin: 4px 0 8px; font-size: 14px; user-select: none; }
        input.toggle { vertical-align: middle; margin: 0 6px 0 0; }
        .loss-log { display: none; }
        #log-loss:checked ~ .charts .loss-log { display: block; }
        #log-loss:checked ~ .charts .loss-linear { display: none; }
        .mistakes { display: flex; flex-wrap: wrap; gap: 14px; }
        .mistakes figure { width: 118px; text-align: center; }
        .mistakes figure svg { width: auto; max-width: 112px; margin: 0 auto; border: 1px solid var(--rule); }
        .charts.narrow { max-width: 560px; grid-template-columns: 1fr; }
        .heatmap svg { max-width: 560px; width: 100%; height: auto; }
        details summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
        @media print {
            body { font-size: 11pt; }
            main { max-width: none; padding: 0; }
            .toggle, .loss-log { display: none !important; }
            .loss-linear { display: block !important; }
            pre.summary { line-height: 1.0; font-family: "DejaVu Sans Mono", "Menlo", "Consolas", ui-monospace, monospace; }
        .charts { grid-template-columns: 1fr 1fr; }
            h2 { break-after: avoid; page-break-after: avoid; }
            tr, .headline div { break-inside: avoid; page-break-inside: avoid; }
            details > *:not(summary) { display: block; }
            a { color: inherit; text-decoration: none; }
        }
        """
}
