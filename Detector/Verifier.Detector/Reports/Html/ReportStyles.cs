namespace Verifier.Detector.Reports.Html;

/// <summary>The page's one inline style sheet: screen layout, and a print layout an investigator can file or save as PDF.</summary>
public static class ReportStyles
{
    public const string Css = """
        :root { --ai: #b3261e; --real: #1e7b34; --unsure: #8a6d00; --ink: #1b1b1b; --muted: #5b5b5b; --line: #d0d0d0; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; margin: 0 auto; max-width: 1000px; padding: 24px; }
        h1 { font-size: 1.5em; margin: 0 0 4px; }
        h2 { font-size: 1.2em; margin: 0 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 1em; margin: 12px 0 4px; }
        header .file { color: var(--muted); overflow-wrap: anywhere; margin: 0 0 16px; }
        section { margin: 0 0 24px; }
        code, #sha256, #model-sha256 { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
        .summary { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-bottom: 24px; }
        .panel { border: 2px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 0; overflow-wrap: anywhere; }
        .verdict-words { font-size: 2em; font-weight: 700; margin: 4px 0; }
        .verdict-ai { border-color: var(--ai); } .verdict-ai .verdict-words { color: var(--ai); }
        .verdict-real { border-color: var(--real); } .verdict-real .verdict-words { color: var(--real); }
        .verdict-inconclusive { border-color: var(--unsure); } .verdict-inconclusive .verdict-words { color: var(--unsure); }
        .score { font-size: 1.2em; margin: 0 0 8px; }
        .caveat { background: #f4f4f4; border-left: 4px solid var(--muted); padding: 6px 10px; }
        .notes { background: #fff6e0; border-left: 4px solid #c98a00; margin: 0; padding: 6px 10px 6px 28px; }
        .provenance { border-style: dashed; }
        .state-words { font-size: 1.6em; font-weight: 700; margin: 4px 0; }
        .state-trusted .state-words { color: var(--real); } .state-invalid .state-words { color: var(--ai); }
        .state-valid .state-words, .state-unreadable .state-words { color: var(--unsure); }
        .note, .legend, figcaption { color: var(--muted); font-size: 0.9em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
        dt { font-weight: 600; } dd { margin: 0; }
        ul { margin: 4px 0; padding-left: 20px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
        table.facts th { width: 160px; }
        svg.timeline { width: 100%; height: auto; display: block; }
        .band-ai { fill: var(--ai); fill-opacity: 0.12; } .band-inconclusive { fill: #888; fill-opacity: 0.12; }
        .band-real { fill: var(--real); fill-opacity: 0.12; }
        .axis { stroke: var(--ink); stroke-width: 1; } .tick { font-size: 11px; fill: var(--ink); } .axis-title { font-size: 12px; fill: var(--muted); }
        .thumbs { display: flex; flex-wrap: wrap; gap: 8px; }
        .thumb { margin: 0; width: 160px; } .thumb img { width: 100%; height: auto; display: block; border: 1px solid var(--line); }
        svg.colour-legend { width: 320px; height: 46px; display: block; margin: 4px 0 12px; }
        .heatmaps { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
        .heatmap { margin: 0; break-inside: avoid; }
        .overlay-box { position: relative; line-height: 0; }
        .overlay-box img { width: 100%; height: auto; display: block; }
        .overlay-box svg { position: absolute; inset: 0; width: 100%; height: 100%; }
        .tile { fill-opacity: 0.4; stroke-width: 1; vector-effect: non-scaling-stroke; }
        footer { color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--line); padding-top: 8px; }
        @media (max-width: 700px) { .summary { grid-template-columns: 1fr; } }
        @page { size: A4; margin: 14mm; }
        @media print {
          body { font-size: 10pt; max-width: none; padding: 0; }
          * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
          a { color: inherit; text-decoration: none; }
          .summary { grid-template-columns: 1fr 1fr; }
          section, .panel, figure, tr { break-inside: avoid; }
          h2 { break-after: avoid; }
          .heatmaps { grid-template-columns: 1fr 1fr; }
        }
        """;
}
