//! The Assembly's open data as it is published: the XML twin of the JSON, zips of one
//! document per question, and provenance that holds no path of the machine.

use std::io::Write;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use assert_fs::TempDir;

fn qe2rdf() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("qe2rdf");
    cmd.env_remove("QE2RDF_STORE");
    cmd
}

/// N-Triples of the inputs, from `dir`.
fn ntriples_from(dir: &Path, inputs: &[&str]) -> String {
    let out = qe2rdf()
        .current_dir(dir)
        .args(["convert", "-q", "-f", "ntriples"])
        .args(inputs)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

/// The facts: every triple but those describing the source document and its format.
fn facts(ntriples: &str) -> Vec<String> {
    let mut lines: Vec<String> = ntriples
        .lines()
        .filter(|l| {
            !l.contains("/source> ")
                && !l.contains("/conversion> ")
                && !l.starts_with("<https://w3id.org/qe2rdf/vocab/format-source/")
        })
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

fn root() -> std::path::PathBuf {
    crate::common::root()
}

#[test]
fn the_xml_twin_gives_the_same_facts_as_the_json() {
    let root = root();
    for (json, xml) in [
        (
            "tests/data/opendata/question-16-QE-99001.json",
            "tests/data/opendata-xml/question-16-QE-99001.xml",
        ),
        (
            "tests/data/opendata/dump.json",
            "tests/data/opendata-xml/dump.xml",
        ),
    ] {
        let from_json = ntriples_from(&root, &[json]);
        let from_xml = ntriples_from(&root, &[xml]);
        assert!(from_xml.contains("format-source/open-data-xml"), "{xml}");
        assert!(!facts(&from_json).is_empty());
        assert_eq!(facts(&from_json), facts(&from_xml), "{json} against {xml}");
    }
}

#[test]
fn a_zip_of_documents_reads_as_the_documents_unpacked() {
    let dir = TempDir::new().expect("tempdir");
    let root = root();
    let folder = dir.path().join("json");
    std::fs::create_dir(&folder).expect("mkdir");
    let mut zip = zip::ZipWriter::new(
        std::fs::File::create(dir.path().join("Questions.json.zip")).expect("zip"),
    );
    let options = zip::write::SimpleFileOptions::default();
    for name in ["question-16-QE-99001.json", "dump.json"] {
        let bytes = std::fs::read(root.join("tests/data/opendata").join(name)).expect("fixture");
        std::fs::write(folder.join(name), &bytes).expect("write");
        zip.start_file(format!("json/{name}"), options)
            .expect("member");
        zip.write_all(&bytes).expect("write");
    }
    zip.finish().expect("finish");
    let zipped = ntriples_from(dir.path(), &["Questions.json.zip"]);
    let unpacked = ntriples_from(dir.path(), &["json"]);
    assert_eq!(facts(&zipped), facts(&unpacked));
    assert!(zipped.contains("<https://w3id.org/qe2rdf/ontology#sourceMember> \"json/dump.json\""));
    assert!(
        zipped.contains("<https://w3id.org/qe2rdf/ontology#sourcePath> \"Questions.json.zip\"")
    );
}

#[test]
fn the_same_inputs_from_two_working_directories_give_the_same_bytes() {
    let root = root();
    let absolute = root.join("examples");
    let from_root = ntriples_from(&root, &["examples"]);
    let from_elsewhere = ntriples_from(&std::env::temp_dir(), &[absolute.to_str().expect("path")]);
    assert_eq!(from_root, from_elsewhere);
    let prefix = root.to_str().expect("path");
    assert!(
        !from_root.contains(prefix),
        "a path of this machine is in the output"
    );
    assert!(
        from_root
            .contains("<https://w3id.org/qe2rdf/ontology#sourcePath> \"question-16-QE-99001.txt\"")
    );
    assert!(from_root.contains("<https://w3id.org/qe2rdf/ontology#sourceSha256> \""));
}
