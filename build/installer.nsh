; Included by electron-builder's NSIS templates (nsis.include in electron-builder.yml).
; The uninstaller asks whether to keep the user's data: the history database, settings and logs in
; %APPDATA%\Defender Connected Apps. The answer defaults to keeping it. Nothing is asked, and
; nothing deleted, when the uninstaller runs for an update (--updated) or silently (/S); a silent
; uninstall may pass --delete-app-data to remove the data, which electron-builder handles itself.

!define DCA_DATA_FOLDER "Defender Connected Apps"

!macro customUnInstall
  ${ifNot} ${isUpdated}
  ${andIfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 \
      "Also delete your Defender Connected Apps data?$\r$\n$\r$\nThis removes the local usage history, settings, logs and the saved$\r$\n(DPAPI-encrypted) sign-in in$\r$\n$APPDATA\${DCA_DATA_FOLDER}$\r$\n$\r$\nChoose No to keep them for a later reinstall." \
      /SD IDNO IDYES dca_delete_data IDNO dca_keep_data
    dca_delete_data:
      ; Electron keeps per-user data in the roaming profile even for per-machine installs.
      SetShellVarContext current
      RMDir /r "$APPDATA\${DCA_DATA_FOLDER}"
      DetailPrint "Deleted $APPDATA\${DCA_DATA_FOLDER}"
      Goto dca_data_done
    dca_keep_data:
      DetailPrint "Kept $APPDATA\${DCA_DATA_FOLDER}"
    dca_data_done:
  ${endIf}
!macroend
