mod common;
use avgdesk::i18n::Lang;
use common::tui::{Tui, SIZES};
use crossterm::event::KeyCode;

#[test]
fn scratch() {
    let mut f = Tui::demo(Lang::Nl);
    println!("{}", f.screen(200, 60));
    println!("{:?}", f.visible_ids());
    f.keys(&[KeyCode::Char('2')]);
    println!("{}", f.screen(200, 60));
    println!("{:?}", f.visible_ids());
    f.keys(&[KeyCode::Char('3')]);
    println!("{}", f.screen(200, 60));
    let _ = SIZES;
}
