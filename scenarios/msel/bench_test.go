package msel

import (
	"fmt"
	"testing"
)

// BenchmarkImportXLSX5000 imports a 5,000-row HSEEP-style workbook (issue
// 11: under a second on the project's machine).
func BenchmarkImportXLSX5000(b *testing.B) {
	rows := [][]any{hseepHeader}
	for i := range 5000 {
		rows = append(rows, []any{fmt.Sprint(i + 1), fmt.Sprintf("T+%02d:%02d:%02d", i/3600, i/60%60, i%60), "Contextual",
			fmt.Sprintf("Inject %d", i+1), "Email", "Controller", "Controller A", fmt.Sprintf("Team %d; All Players", i%7),
			"The plant reports frozen values on the HMI; operators switch to manual readings.", "Isolate the HMI network",
			"Who declares?", "", "note"})
	}
	data := workbook(b, sheet{name: "MSEL", rows: rows})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		res, err := Import("big.xlsx", data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Scenario.Injects) != 5000 {
			b.Fatalf("%d injects", len(res.Scenario.Injects))
		}
	}
}
