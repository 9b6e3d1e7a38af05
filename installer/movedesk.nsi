; MoveDesk installer (NSIS 3, Modern UI 2), Japanese and English.
;
;   makensis -DVERSION=0.1.0 -DPAYLOAD=dist/MoveDesk installer/movedesk.nsi
;
; Defines: VERSION (required, X.Y.Z as in desktop.__version__); PAYLOAD, the
; PyInstaller folder (default dist/MoveDesk beside this folder); OUTFILE
; (default MoveDesk-VERSION-setup.exe next to the payload); FAST, to store
; files uncompressed when only checking that the script compiles.
;
; Installs for the current user only, without administrator rights, into
; %LOCALAPPDATA%\Programs\MoveDesk. The user's data lives apart, in
; %LOCALAPPDATA%\MoveDesk (database, settings.json, Logs, cache): an upgrade
; never touches it, and the uninstaller removes it only when asked to.
;
; Silent use: setup.exe /S [/D=folder]; uninstall.exe /S [/REMOVEDATA].

Unicode true
ManifestDPIAware true
RequestExecutionLevel user

!ifndef VERSION
  !error "give the version: makensis -DVERSION=X.Y.Z"
!endif
!searchparse /noerrors "${VERSION}" "" VERSION_MAJOR "." VERSION_MINOR "." VERSION_PATCH
!ifndef VERSION_PATCH
  !error "VERSION must be X.Y.Z, not ${VERSION}"
!endif
; Paths read at compile time: makensis works in this folder, so relative
; paths (also in -D defines) start here; separators are the build machine's.
!ifdef NSIS_WIN32_MAKENSIS
  !define SEP "\"
!else
  !define SEP "/"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..${SEP}dist${SEP}MoveDesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "${PAYLOAD}${SEP}..${SEP}MoveDesk-${VERSION}-setup.exe"
!endif
!define ICON "..${SEP}resources${SEP}icons${SEP}movedesk.ico"

!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!define APP "MoveDesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\MoveDesk"
!define SETTINGS_KEY "Software\MoveDesk\Installer"
; Where desktop/paths.py (platformdirs, no app author) keeps the user's data.
!define DATA_DIR "$LOCALAPPDATA\MoveDesk"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"
!include "WinVer.nsh"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\MoveDesk"
; An upgrade goes where the previous version is.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"
ShowInstDetails hide
ShowUninstDetails hide

VIProductVersion "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"
VIFileVersion "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "Language"
!define MUI_FINISHPAGE_RUN "$INSTDIR\movedesk.exe"
!define MUI_COMPONENTSPAGE_SMALLDESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default.
!insertmacro MUI_LANGUAGE "Japanese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

VIAddVersionKey /LANG=${LANG_JAPANESE} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "FileDescription" "${APP} セットアップ"
VIAddVersionKey /LANG=${LANG_JAPANESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "LegalCopyright" "MIT License"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP} Setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT License"

LangString SecProgramName ${LANG_JAPANESE} "MoveDesk 本体 (スタートメニューに登録)"
LangString SecProgramName ${LANG_ENGLISH} "MoveDesk (with a Start menu entry)"
LangString SecProgramText ${LANG_JAPANESE} "プログラムを入れます。データベースと設定はそのまま引き継がれます。"
LangString SecProgramText ${LANG_ENGLISH} "The program. An existing database and settings are kept as they are."
LangString SecDesktopName ${LANG_JAPANESE} "デスクトップにショートカットを作る"
LangString SecDesktopName ${LANG_ENGLISH} "Desktop shortcut"
LangString SecDesktopText ${LANG_JAPANESE} "デスクトップから MoveDesk を起動できるようにします。"
LangString SecDesktopText ${LANG_ENGLISH} "Start MoveDesk from the desktop."
LangString UnProgramName ${LANG_JAPANESE} "MoveDesk 本体"
LangString UnProgramName ${LANG_ENGLISH} "MoveDesk program files"
LangString UnProgramText ${LANG_JAPANESE} "プログラムとショートカットを削除します。データは残ります。"
LangString UnProgramText ${LANG_ENGLISH} "Removes the program and its shortcuts. Your data stays."
LangString UnDataName ${LANG_JAPANESE} "データベース・設定・ログも削除する"
LangString UnDataName ${LANG_ENGLISH} "Also delete the database, settings and logs"
LangString UnDataText ${LANG_JAPANESE} "${DATA_DIR} を削除します。元に戻せません。受付データのバックアップがあるか確かめてください。"
LangString UnDataText ${LANG_ENGLISH} "Deletes ${DATA_DIR}. This cannot be undone: make sure the notices are backed up."
LangString UnDataConfirm ${LANG_JAPANESE} "データベース・設定・ログを完全に削除します。よろしいですか?$\r$\n${DATA_DIR}"
LangString UnDataConfirm ${LANG_ENGLISH} "The database, settings and logs will be deleted for good. Continue?$\r$\n${DATA_DIR}"
LangString MsgRunning ${LANG_JAPANESE} "MoveDesk が実行中のため、ファイルを置き換えられません。MoveDesk を終了してから [再試行] を押してください。"
LangString MsgRunning ${LANG_ENGLISH} "MoveDesk is running, so its files cannot be replaced. Close MoveDesk, then press Retry."
LangString MsgDataFolder ${LANG_JAPANESE} "このフォルダーには MoveDesk のデータが保存されます。プログラムは別のフォルダーに入れてください。"
LangString MsgDataFolder ${LANG_ENGLISH} "MoveDesk keeps its data in this folder. Choose another folder for the program."
LangString MsgNeeds64 ${LANG_JAPANESE} "MoveDesk には 64 ビット版の Windows 10 以降が必要です。"
LangString MsgNeeds64 ${LANG_ENGLISH} "MoveDesk needs 64-bit Windows 10 or later."

; --- removing program files (installer, before an upgrade; and uninstaller) ---

; Only what an installer put there: never RMDir /r on $INSTDIR itself, which
; the user chose and may share with other files.
!macro DEFINE_REMOVE_PROGRAM un
Function ${un}RemoveProgramFiles
  retry:
  ClearErrors
  ${If} ${FileExists} "$INSTDIR\movedesk.exe"
    Delete "$INSTDIR\movedesk.exe"
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\movedesk-cli.exe"
    Delete "$INSTDIR\movedesk-cli.exe"
  ${EndIf}
  ${If} ${Errors}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(MsgRunning)" /SD IDCANCEL IDRETRY retry
    Abort
  ${EndIf}
  RMDir /r "$INSTDIR\_internal"
FunctionEnd
!macroend
!insertmacro DEFINE_REMOVE_PROGRAM ""
!insertmacro DEFINE_REMOVE_PROGRAM "un."

; Sets $0 to 1 when $INSTDIR is, or lies inside, the user's data folder.
Function IsDataFolder
  StrCpy $0 0
  StrLen $1 "${DATA_DIR}\"
  StrCpy $2 "$INSTDIR\" $1
  ${If} $2 == "${DATA_DIR}\"
    StrCpy $0 1
  ${EndIf}
FunctionEnd

; --- installer ---

Section "!$(SecProgramName)" SecProgram
  SectionIn RO
  SetShellVarContext current
  Call IsDataFolder
  ${If} $0 == 1
    MessageBox MB_OK|MB_ICONSTOP "$(MsgDataFolder)" /SD IDOK
    Abort
  ${EndIf}
  SetOutPath "$INSTDIR"
  ; Left-over modules of the previous version could shadow the new ones.
  Call RemoveProgramFiles
  File /r "${PAYLOAD}${SEP}*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\MoveDesk.lnk" "$INSTDIR\movedesk.exe"
  ; Re-created by the next section if still wanted.
  Delete "$DESKTOP\MoveDesk.lnk"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\movedesk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SecDesktopName)" SecDesktop
  SetShellVarContext current
  CreateShortCut "$DESKTOP\MoveDesk.lnk" "$INSTDIR\movedesk.exe"
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "$(SecProgramText)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(SecDesktopText)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(MsgNeeds64)" /SD IDOK
    Abort
  ${EndIf}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function .onVerifyInstDir
  Call IsDataFolder
  ${If} $0 == 1
    Abort
  ${EndIf}
FunctionEnd

; --- uninstaller ---

Section "un.$(UnProgramName)" UnProgram
  SectionIn RO
  SetShellVarContext current
  Call un.RemoveProgramFiles
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\MoveDesk.lnk"
  Delete "$DESKTOP\MoveDesk.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
  DeleteRegKey /ifempty HKCU "Software\MoveDesk"
SectionEnd

; Unticked unless the user ticks it (or passes /REMOVEDATA to a silent uninstall).
Section /o "un.$(UnDataName)" UnData
  SetShellVarContext current
  ${IfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(UnDataConfirm)" IDYES remove
    Return
  ${EndIf}
  remove:
  RMDir /r "${DATA_DIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnProgram} "$(UnProgramText)"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnData} "$(UnDataText)"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  ${un.GetParameters} $R0
  ClearErrors
  ${un.GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${UnData}
  ${EndIf}
FunctionEnd
