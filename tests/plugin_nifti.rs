//! End to end: `prognos train ct` and `prognos plugin run` on manifests of
//! NIfTI CT volumes + tumour masks (`patient_id,image,mask,...`), written
//! by the synthetic generator; and the bad NIfTI inputs of issue 7 (mask
//! not matching the image, empty mask, unsupported datatype, truncated
//! file, wrong dimensionality) exit 2 with one line naming the file.

use prognos_plugins::nets::synthetic::CtSyntheticParams;
use prognos_plugins::nifti::{Datatype, Volume, encode_nifti, write_nifti};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("prognos-nifti-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn prognos(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prognos"))
        .args(args)
        .output()
        .expect("runs")
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn assert_bad(out: &Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    for n in needles {
        assert!(lines[0].contains(n), "'{n}' missing from: {err}");
    }
}

#[test]
fn train_ct_and_plugin_run_on_nifti_image_mask_manifests() {
    let d = dir("e2e");
    let synth = CtSyntheticParams {
        shape: [6, 16, 16],
        ..Default::default()
    };
    synth
        .write_nifti_cohort(&d, 5, 12, [2.0, 0.9, 0.9])
        .unwrap();
    let manifest = d.join("manifest.csv");
    let model = d.join("model");
    let out = prognos(&[
        "train",
        "ct",
        "--manifest",
        &s(&manifest),
        "--time",
        "time",
        "--event",
        "event",
        "--epochs",
        "1",
        "--roi",
        "6,16,16",
        "--width",
        "2",
        "--blocks",
        "1",
        "--batch-size",
        "6",
        "--augment",
        "--seed",
        "4",
        "--out",
        &s(&model),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["n"], 12);
    // The card records the preprocessing that plugin run will repeat.
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(model.join("model.json")).unwrap()).unwrap();
    assert_eq!(
        card["ct_preprocess"]["output"],
        serde_json::json!([6, 16, 16])
    );
    assert_eq!(card["ct_preprocess"]["normalise"], "zscore");
    assert_eq!(card["ct_preprocess"]["width"], 350.0);

    let scores = d.join("scores.csv");
    let out = prognos(&[
        "plugin",
        "run",
        "--plugin",
        &s(&model),
        "--manifest",
        &s(&manifest),
        "--out",
        &s(&scores),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&scores).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "patient_id,score");
    assert_eq!(rows.len(), 13);
    for r in &rows[1..] {
        let v: f64 = r.split(',').nth(1).unwrap().parse().unwrap();
        assert!(v.is_finite(), "{r}");
    }

    // A stored volume (`path` column) of the wrong shape for the model.
    let wrong = d.join("wrong_shape.nii.gz");
    write_nifti(
        &wrong,
        &Volume::filled([6, 16, 15], [1.0; 3], 0.5),
        Datatype::Float32,
    )
    .unwrap();
    let m = d.join("wrong.csv");
    std::fs::write(&m, "patient_id,path\np1,wrong_shape.nii.gz\n").unwrap();
    let out = prognos(&[
        "plugin",
        "run",
        "--plugin",
        &s(&model),
        "--manifest",
        &s(&m),
        "--out",
        &s(&d.join("w.csv")),
    ]);
    assert_bad(&out, &["row 0", "wrong_shape.nii.gz", "6"]);
}

#[test]
fn bad_nifti_inputs_name_the_file() {
    let d = dir("bad");
    let sp = [2.0, 1.0, 1.0];
    let img = Volume::from_fn([6, 12, 12], sp, |z, y, x| {
        ((z + y + x) as f32) * 10.0 - 100.0
    });
    let mask = Volume::from_fn([6, 12, 12], sp, |z, y, x| {
        ((2..4).contains(&z) && (4..8).contains(&y) && (4..8).contains(&x)) as u8 as f32
    });
    write_nifti(&d.join("ct.nii.gz"), &img, Datatype::Int16).unwrap();
    write_nifti(&d.join("mask.nii.gz"), &mask, Datatype::Uint8).unwrap();
    let other = Volume::filled([6, 12, 11], sp, 1.0);
    write_nifti(&d.join("mask_shape.nii.gz"), &other, Datatype::Uint8).unwrap();
    let coarse = Volume {
        spacing: [3.0, 1.0, 1.0],
        ..mask.clone()
    };
    write_nifti(&d.join("mask_spacing.nii"), &coarse, Datatype::Uint8).unwrap();
    let empty = Volume {
        data: vec![0.0; mask.len()],
        ..mask.clone()
    };
    write_nifti(&d.join("mask_empty.nii.gz"), &empty, Datatype::Uint8).unwrap();
    let mut b = encode_nifti(&img, Datatype::Int16, false, Path::new("x")).unwrap();
    std::fs::write(d.join("ct_cut.nii"), &b[..b.len() - 10]).unwrap();
    b[70..72].copy_from_slice(&512i16.to_le_bytes());
    std::fs::write(d.join("ct_uint16.nii"), &b).unwrap();
    let mut b = encode_nifti(&img, Datatype::Int16, false, Path::new("x")).unwrap();
    b[40..42].copy_from_slice(&2i16.to_le_bytes());
    std::fs::write(d.join("ct_2d.nii"), &b).unwrap();

    let run = |image: &str, mask: &str| {
        let m = d.join(format!("m_{image}_{mask}.csv"));
        std::fs::write(&m, format!("patient_id,image,mask,time,event\np1,{image},{mask},5,1\np2,ct.nii.gz,mask.nii.gz,7,0\n")).unwrap();
        prognos(&[
            "train",
            "ct",
            "--manifest",
            &s(&m),
            "--time",
            "time",
            "--event",
            "event",
            "--epochs",
            "1",
            "--roi",
            "4,8,8",
            "--width",
            "2",
            "--blocks",
            "1",
            "--batch-size",
            "2",
            "--out",
            &s(&d.join("model")),
        ])
    };
    assert_bad(
        &run("ct.nii.gz", "mask_shape.nii.gz"),
        &[
            "row 0",
            "p1",
            "mask_shape.nii.gz",
            "does not match image shape",
        ],
    );
    assert_bad(
        &run("ct.nii.gz", "mask_spacing.nii"),
        &["mask_spacing.nii", "voxel size"],
    );
    assert_bad(
        &run("ct.nii.gz", "mask_empty.nii.gz"),
        &["mask_empty.nii.gz", "mask is empty"],
    );
    assert_bad(
        &run("ct_uint16.nii", "mask.nii.gz"),
        &["ct_uint16.nii", "datatype code 512"],
    );
    assert_bad(
        &run("ct_cut.nii", "mask.nii.gz"),
        &["ct_cut.nii", "truncated"],
    );
    assert_bad(
        &run("ct_2d.nii", "mask.nii.gz"),
        &["ct_2d.nii", "3D volume"],
    );

    // An image column without a mask column.
    let m = d.join("nomask.csv");
    std::fs::write(&m, "patient_id,image\np1,ct.nii.gz\n").unwrap();
    let out = prognos(&[
        "plugin",
        "run",
        "--plugin",
        "ct-resnet3d",
        "--config",
        &s(&d.join("none")),
        "--manifest",
        &s(&m),
        "--out",
        &s(&d.join("o.csv")),
    ]);
    assert_bad(&out, &["nomask.csv", "'mask'"]);
}
