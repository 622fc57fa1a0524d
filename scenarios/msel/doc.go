// Package msel reads and writes Master Scenario Events Lists: the
// spreadsheets (CSV, XLSX) and T3SF JSON files in which exercise planners
// keep their injects. Import turns one into a ttx scenario; WriteCSV and
// WriteXLSX write a scenario's injects as a MSEL that Import reads back.
//
// The mapping from headers to scenario keys is documented in
// docs/importing.md.
package msel
