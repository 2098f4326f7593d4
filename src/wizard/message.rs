//! Everything that can happen in the wizard.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Up,
    Down,
    /// Enter: choose what is selected.
    Choose,
    /// A digit 1-9: choose that answer directly.
    ChooseNumber(usize),
    /// 0: the "not sure / none of these" answer of the question.
    NotSure,
    /// PgUp / PgDn: a page up or down.
    PageUp,
    PageDown,
    /// Home, g / End, G: the first or the last item (and the end of the page).
    First,
    Last,
    /// Tab in a path box: complete the path.
    Complete,
    /// y (or Enter) in a confirmation box.
    Confirm,
    /// The terminal was resized.
    Resize,
    /// A mouse click on a row that lists item `n`.
    Click(usize),
    Back,
    Restart,
    OpenSearch,
    OpenPaste,
    OpenHelp,
    ToggleStep,
    OpenNote,
    Export,
    Copy,
    /// Switch the audience of `y` and `e`: the engineer's note or the customer's copy.
    ToggleAudience,
    Quit,
    /// Close a popup (Esc).
    Close,
    /// Text typed into the open popup.
    Type(char),
    /// A bracketed paste: taken whole.
    Pasted(String),
    Erase,
    /// Esc inside the paste box: the next Enter routes the text.
    PasteEscape,
    /// Ctrl-D in the paste box, Enter in search and note boxes.
    Submit,
    /// Ctrl-Y in the export-retry box: copy the report instead of saving it.
    CopyReportInstead,
}

/// What the runtime must do after an update: the outside world's part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save the report in this format into this folder (None: the default folder).
    Export { folder: Option<String> },
    /// Put this text on the clipboard (OSC 52): the complete text report.
    Copy(String),
    /// Read and inspect this exported file.
    Inspect { path: String },
    /// Go on in a new session (a new id and start time); the old one stays saved.
    NewSession,
    /// Complete the path typed into the open path box.
    CompletePath { path: String },
}
