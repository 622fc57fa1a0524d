package msel

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

// checkImport is what every input must give: an error, or a scenario that
// loads with one inject per event row and times that never go back.
func checkImport(t *testing.T, data []byte) {
	res, err := Import("fuzz", data, Options{})
	if err != nil {
		return
	}
	if _, err := scenarios.Parse("fuzz.yaml", res.YAML); err != nil {
		t.Fatalf("the import does not load: %v\n%s", err, res.YAML)
	}
	var prev scenarios.Duration
	for _, in := range res.Scenario.Injects {
		if in.At < prev {
			t.Fatalf("time goes back at %s", in.ID)
		}
		prev = in.At
	}
	if res.Summary.Injects != len(res.Scenario.Injects) {
		t.Fatalf("summary says %d injects, scenario has %d", res.Summary.Injects, len(res.Scenario.Injects))
	}
}

func FuzzImportCSV(f *testing.F) {
	f.Add([]byte(importSeedCSV))
	f.Add([]byte("Subject;Time;To\r\n\"a\r\nb\";J+1 H+2 M-5;All Players\r\n"))
	f.Add([]byte("\xEF\xBB\xBFTitle\tScheduledTime\tTarget\tPoll\nx\t07:29 PM\tSOC, Legal\ta|b\n"))
	f.Add([]byte("Title,Phase,Expected Action,ATT&CK\n'=x,Containment,- a\n- b,T1566\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 0 && (data[0] == 'P' || data[0] == '[' || data[0] == '{' || data[0] == 0xD0) {
			return // the other readers
		}
		checkImport(t, data)
	})
}

const importSeedCSV = "Exercise\n#,Time,Subject,To,Method,Description,Expected Action,Notes,Objective,Core Capability\n1,T+00:00,Start,All Players,Email,Body,Act,n,Detect fast,DE.AE\n2,1:30,Next,SOC,phone,B,,,,\n"

func FuzzImportJSON(f *testing.F) {
	f.Add(t3sfJSON())
	f.Add([]byte(`[{"Subject": "a", "Real Time": 0.5, "Player": ["SOC", "Legal"], "Poll": "x|y"}]`))
	f.Add([]byte(`[{"Script": null, "Subject": {"nested": [1, 2]}, "Date": true}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("[")) {
			return
		}
		checkImport(t, data)
	})
}

func FuzzImportXLSX(f *testing.F) {
	f.Add(workbook(f, t3sfSheet("h:mm AM/PM")))
	f.Add(workbook(f, noTimeSheet()))
	f.Add(inlineWorkbook(f, toolRows))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			return
		}
		checkImport(t, data)
	})
}

// TestXLSXZipBomb: a workbook whose sheet unpacks to more than the reader
// allows is refused before it is read, whatever its compressed size.
func TestXLSXZipBomb(t *testing.T) {
	good := inlineWorkbook(t, toolRows)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, zf := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		r, _ := zf.Open()
		var part bytes.Buffer
		part.ReadFrom(r)
		if zf.Name == "xl/worksheets/sheet1.xml" {
			// 80 MiB of spaces inside the sheet: compresses to some 80 KiB.
			s := part.String()
			i := strings.Index(s, "<sheetData>")
			w.Write([]byte(s[:i]))
			chunk := bytes.Repeat([]byte(" "), 1<<20)
			for range 80 {
				w.Write(chunk)
			}
			w.Write([]byte(s[i:]))
			continue
		}
		w.Write(part.Bytes())
	}
	zw.Close()
	if b.Len() > MaxFileSize {
		t.Fatalf("bomb is %d bytes", b.Len())
	}
	_, err = Import("bomb.xlsx", b.Bytes(), Options{})
	if err == nil || !strings.Contains(err.Error(), "unreadable workbook") {
		t.Fatalf("err = %v, want an unreadable workbook", err)
	}
	t.Logf("%d bytes compressed: %v", b.Len(), err)
}

// TestRowLimit: a table with more rows than a MSEL has is refused.
func TestRowLimit(t *testing.T) {
	data := "Subject,Time\n" + strings.Repeat("a,\n", maxRows+1)
	_, err := Import("big.csv", []byte(data), Options{})
	if err == nil || !strings.Contains(err.Error(), "rows") {
		t.Fatalf("err = %v", err)
	}
}
