; Inno Setup 6 (6.3 or later) script: the Windows installer of ektp-desk, from the one-folder app.
;
; On a Windows PC, after `python tasks.py bundle` has made dist\ektp-desk\:
;   iscc /DAppVersion=0.1.0 installer\ektp-desk.iss   ->   dist\ektp-desk-0.1.0-setup.exe
; (the README says how; nothing but Inno Setup 6 is needed.)
;
; The clerk's data (the database, its backups, window.ini, logs, letters) lives in
; %LOCALAPPDATA%\Dindukcapil\ektp-desk (ektp_desk/paths.py), never in the program folder:
; the uninstaller removes only what it installed, so the data stays for the next version.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "ektp-desk"
#define AppPublisher "Dindukcapil"
#define SourceDir "..\dist\ektp-desk"

[Setup]
; a fixed id: a newer installer upgrades the same installation in place
AppId={{6C4E2B8A-3F1D-4E7A-9B2C-5D8E1F0A7C34}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; a clerk without admin rights installs for themselves; an admin may install for all
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\resources\icons\ektp-desk.ico
UninstallDisplayIcon={app}\ektp-desk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; the program must be closed before its files are replaced or removed
CloseApplications=yes

[Languages]
; Inno Setup 6 ships no Indonesian translation (only as an unofficial file); English then,
; and Indonesian first when that file was put in the compiler's Languages folder.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Indonesian.isl")
Name: "id"; MessagesFile: "compiler:Languages\Indonesian.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\ektp-desk.exe"; Comment: "Meja layanan perekaman e-KTP"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\ektp-desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\ektp-desk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

