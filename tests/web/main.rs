//! The manager's web view (issue 18): its figures against hand counts,
//! who gets in (servers kept apart, expiry, forgery, logout), escaping and
//! the security headers, over real HTTP on both databases; and the pages in
//! a real browser (Debian's chromium, driven through chromedriver).

#[path = "../support/mod.rs"]
mod support;

mod access;
mod browser;
mod common;
mod console;
mod figures;
mod kept;
mod meeting;
