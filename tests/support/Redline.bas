REM  Opens a .docx in LibreOffice, runs COMMAND (AcceptAllTrackedChanges or
REM  RejectAllTrackedChanges) and writes the body's text to OUTFILE: one line
REM  per paragraph or table cell, UTF-8. Run in the
REM  office's own process (tests/docx.rs installs it as Standard.Module1 of a
REM  private profile): LibreOffice 7.4 aborts when a document with comments
REM  is opened over a remote UNO bridge, but not from a macro.

Sub Redline(src As String, command As String, outFile As String)
    Dim args(0) As New com.sun.star.beans.PropertyValue
    args(0).Name = "Hidden" : args(0).Value = True
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, args())
    dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
    dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:" & command, "", 0, Array())
    WriteUtf8(outFile, BodyText(doc))
    doc.setModified(False)
    StarDesktop.terminate()
End Sub

Function BodyText(doc) As String
    Dim s As String
    e = doc.getText().createEnumeration()
    Do While e.hasMoreElements()
        p = e.nextElement()
        If p.supportsService("com.sun.star.text.Paragraph") Then
            s = s & p.getString() & Chr(10)
        ElseIf p.supportsService("com.sun.star.text.TextTable") Then
            cells = p.getCellNames()
            Dim i As Integer
            For i = LBound(cells) To UBound(cells)
                s = s & p.getCellByName(cells(i)).getString() & Chr(10)
            Next i
        End If
    Loop
    BodyText = s
End Function

Sub WriteUtf8(path As String, text As String)
    sfa = createUnoService("com.sun.star.ucb.SimpleFileAccess")
    If sfa.exists(ConvertToURL(path)) Then sfa.kill(ConvertToURL(path))
    stream = sfa.openFileWrite(ConvertToURL(path))
    tos = createUnoService("com.sun.star.io.TextOutputStream")
    tos.setOutputStream(stream)
    tos.setEncoding("UTF-8")
    tos.writeString(text)
    tos.closeOutput()
End Sub
