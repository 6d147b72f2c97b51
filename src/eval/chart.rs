//! The benchmark chart: macro-F1 per feature set as grouped bars, one group
//! per head, each bar with a ±1 standard deviation error bar and its value,
//! and a legend naming the feature sets. Written as SVG with plotters.

use std::path::Path;

use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::eval::bench::BenchRow;

const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// Draws `rows` (as [`crate::eval::bench::run_bench`] returns them) to an
/// SVG file at `path`.
pub fn write_svg(rows: &[BenchRow], path: &Path) -> Result<()> {
    let heads = unique(rows.iter().map(|r| r.head.as_str()));
    let sets = unique(rows.iter().map(|r| r.feature_set.as_str()));
    let width = (260 + 90 * heads.len() * sets.len()).max(900) as u32;
    let root = SVGBackend::new(path, (width, 520)).into_drawing_area();
    draw(&root, rows, &heads, &sets)
        .map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))?;
    root.present()
        .map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))
}

fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = std::result::Result<(), Box<dyn std::error::Error>>;

fn draw(root: &Area, rows: &[BenchRow], heads: &[&str], sets: &[&str]) -> DrawResult {
    root.fill(&WHITE)?;
    let (plot, legend) = root.split_horizontally(root.dim_in_pixel().0 - 300);
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            "Cross-validated macro-F1 by feature set (bars: mean, whiskers: ±1 s.d.)",
            ("sans-serif", 18),
        )
        .margin(15)
        .x_label_area_size(35)
        .y_label_area_size(55)
        .build_cartesian_2d(0f64..heads.len() as f64, 0f64..1.08f64)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("macro-F1 (mean over folds)")
        .x_desc("head (one group per label column)")
        .y_label_formatter(&|y| format!("{y:.1}"))
        .draw()?;
    let slot = 0.8 / sets.len() as f64;
    for (g, head) in heads.iter().enumerate() {
        chart.draw_series([Text::new(
            format!("head: {head}"),
            (g as f64 + 0.4, 1.06),
            ("sans-serif", 16).into_font(),
        )])?;
        for (s, set) in sets.iter().enumerate() {
            if let Some(r) = rows
                .iter()
                .find(|r| r.head == *head && r.feature_set == *set)
            {
                draw_bar(
                    &mut chart,
                    g as f64 + 0.1 + s as f64 * slot,
                    slot,
                    r,
                    PALETTE[s % PALETTE.len()],
                )?;
            }
        }
    }
    draw_legend(&legend, sets)
}

fn draw_bar<DB: DrawingBackend>(
    chart: &mut ChartContext<
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    x: f64,
    slot: f64,
    r: &BenchRow,
    color: RGBColor,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (lo, hi) = (
        (r.macro_f1_mean - r.macro_f1_std).max(0.0),
        (r.macro_f1_mean + r.macro_f1_std).min(1.0),
    );
    let centre = x + slot * 0.45;
    chart.draw_series([Rectangle::new(
        [(x, 0.0), (x + slot * 0.9, r.macro_f1_mean)],
        color.filled(),
    )])?;
    chart.draw_series([ErrorBar::new_vertical(
        centre,
        lo,
        r.macro_f1_mean,
        hi,
        BLACK.stroke_width(2),
        12,
    )])?;
    let label = format!("{:.3}{}", r.macro_f1_mean, if r.best { "*" } else { "" });
    chart.draw_series([Text::new(
        label,
        (x, hi + 0.03),
        ("sans-serif", 12).into_font(),
    )])?;
    Ok(())
}

fn draw_legend(area: &Area, sets: &[&str]) -> DrawResult {
    area.draw(&Text::new(
        "feature sets (* = best per head)",
        (10, 40),
        ("sans-serif", 15).into_font(),
    ))?;
    for (s, set) in sets.iter().enumerate() {
        let y = 70 + 26 * s as i32;
        area.draw(&Rectangle::new(
            [(10, y), (28, y + 16)],
            PALETTE[s % PALETTE.len()].filled(),
        ))?;
        area.draw(&Text::new(
            set.to_string(),
            (36, y + 2),
            ("sans-serif", 13).into_font(),
        ))?;
    }
    Ok(())
}
