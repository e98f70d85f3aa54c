/**
 * Ordinary French words, to tell a name from a word that happens to be spelled like one (`pierre
 * angulaire`, `une robe rose`, `il se marie`, `Grâce à l'atelier`), and words that open a sentence
 * or follow a title without being a name (`Madame souhaite…`).
 *
 * Source: written from memory by the author of the scrubber (no network access at the time of
 * writing): the function words of French, frequent nouns, adjectives, verbs in the forms field
 * notes use, the vocabulary of administration and digital mediation, and every common word the
 * first-name and surname lists also hold. Not a copy of any dictionary. Entries are separated by
 * spaces; case and accents do not matter.
 */
export const ORDINARY_WORDS_DATA = `
a à ai as avait avaient avais avez avions avons ont eu eue eues eus eut aura auront aurait
auraient avoir été etre être es est sommes êtes sont était étaient étais serait seraient sera
seront soit soient fut furent le la les l un une des du de d au aux ce cet cette ces ceci cela
ça celui celle ceux celles mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je
j tu il elle on nous vous ils elles me m te t se s moi toi lui eux y en ne n pas plus jamais
rien personne aucun aucune nul nulle qui que qu quoi dont où ou et mais donc or ni car si
comme quand lorsque puisque parce pour par sur sous dans avec sans chez vers entre contre
depuis pendant avant après selon malgré parmi envers hors dès jusque jusqu jusqu'à via
voici voilà oui non peut-être aussi ainsi alors encore déjà toujours souvent parfois jamais
ici là là-bas ailleurs partout dedans dehors dessus dessous devant derrière près loin très
trop peu assez beaucoup moins autant tant tellement bien mal mieux pire vite tôt tard
aujourd'hui hier demain maintenant bientôt ensuite puis enfin d'abord surtout seulement
même mêmes autre autres tout tous toute toutes chaque plusieurs quelques quelque certains
certaines tel telle tels telles quel quelle quels quelles lequel laquelle lesquels
combien comment pourquoi quoique cependant pourtant toutefois néanmoins sinon d'ailleurs
vraiment simplement rapidement lentement facilement difficilement directement
notamment environ presque plutôt vraiment enfin sûrement certainement probablement
un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize
vingt trente quarante cinquante soixante cent cents mille million millions milliard
premier première premiers premières second seconde deuxième troisième quatrième cinquième
dernier dernière derniers dernières prochain prochaine prochains prochaines
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin
juillet août septembre octobre novembre décembre janv févr avr juil sept oct nov déc
matin matinée midi après-midi soir soirée nuit jour jours journée semaine semaines mois an
ans année années heure heures minute minutes seconde secondes instant moment temps fois
week-end weekend saison printemps été automne hiver noël pâques toussaint
monsieur madame mademoiselle messieurs mesdames docteur professeur maître maire
homme hommes femme femmes enfant enfants fille filles fils garçon garçons père mère parent
parents frère frères sœur sœurs soeur mari épouse époux conjoint conjointe compagnon compagne
famille familles grand-mère grand-père grands-parents petit-fils petite-fille petits-enfants
oncle tante neveu nièce cousin cousine bébé ado adolescent adolescente jeune jeunes vieux
vieille vieilles âgé âgée âgés âgées adulte adultes senior seniors retraité retraitée
retraités voisin voisine voisins ami amie amis amies collègue collègues patron patronne
personne personnes gens monde public usager usagère usagers bénéficiaire bénéficiaires
habitant habitante habitants citoyen citoyenne citoyens client cliente clients
médiateur médiatrice médiateurs conseiller conseillère conseillers référent référente
assistante assistant travailleur travailleuse bénévole bénévoles secrétaire agent agente
agents accueil animateur animatrice formateur formatrice stagiaire stagiaires
directeur directrice responsable chef cheffe équipe équipes service services
médecin médecins infirmier infirmière pharmacien pharmacienne dentiste kiné
facteur factrice boulanger boulangère boucher bouchère meunier meunière berger bergère
marchand marchande chevalier roi reine prince princesse baron baronne comte comtesse
maître maîtresse élève élèves étudiant étudiante étudiants professeur professeurs
notaire avocat avocate juge huissier gendarme policier policière pompier pompiers
tuteur tutrice curateur curatrice aidant aidante aidants propriétaire locataire bailleur
employeur employé employée salarié salariée salariés chômeur chômeuse demandeur demandeuse
maison maisons appartement appartements logement logements immeuble immeubles bâtiment
bâtiments étage étages escalier escaliers ascenseur porte portes fenêtre fenêtres salle
salles bureau bureaux pièce pièces cuisine chambre toit mur murs jardin jardins cour garage
cave grenier couloir entrée sortie accueil local locaux lieu lieux endroit place places
rue rues avenue avenues boulevard route routes chemin chemins allée allées impasse quai
quais pont ponts gare gares arrêt station métro tram tramway bus car train trains voiture
voitures vélo vélos moto scooter camion taxi parking trottoir carrefour rond-point
ville villes village villages bourg quartier quartiers commune communes région régions
département départements pays centre centres banlieue campagne mer montagne montagnes
forêt forêts rivière rivières fleuve lac plage port île îles champ champs parc parcs
mairie préfecture sous-préfecture tribunal hôpital hôpitaux clinique pharmacie poste
banque banques école écoles collège collèges lycée lycées université universités crèche
médiathèque bibliothèque musée théâtre cinéma église mosquée temple stade gymnase piscine
marché magasin magasins supermarché boutique commerce commerces usine entreprise
entreprises association associations administration administrations caisse caisses
état gouvernement ministère région loi lois décret article code codes règle règles
argent euro euros centime centimes prix coût coûts montant montants somme sommes budget
salaire salaires revenu revenus aide aides allocation allocations prime primes pension
pensions retraite retraites loyer loyers facture factures dette dettes impôt impôts taxe
taxes compte comptes paiement paiements virement virements chèque chèques carte cartes
numéro numéros dossier dossiers document documents papier papiers courrier courriers
lettre lettres formulaire formulaires attestation attestations justificatif justificatifs
certificat certificats déclaration déclarations demande demandes démarche démarches
rendez-vous rdv permanence permanences atelier ateliers séance séances cours formation
formations stage stages emploi emplois travail travaux métier métiers poste postes
santé maladie malade malades soin soins médicament médicaments ordonnance ordonnances
ordinateur ordinateurs tablette tablettes téléphone téléphones portable portables
smartphone smartphones écran écrans clavier claviers souris imprimante imprimantes
scanner internet site sites page pages lien liens application applications appli
logiciel logiciels fichier fichiers dossier photo photos vidéo vidéos message messages
mail mails courriel courriels messagerie adresse adresses identifiant identifiants mot
mots passe code codes clé clés compte connexion réseau réseaux wifi wi-fi batterie
chargeur câble clé usb mise jour mises données personnelles sécurité arnaque arnaques
virus pirate piratage spam spams notification notifications sms texto appel appels
question questions réponse réponses problème problèmes difficulté difficultés solution
besoin besoins envie peur crainte confiance stress fatigue colère joie plaisir
chose choses truc trucs fait faits idée idées avis vie vies mort santé corps tête main
mains bras jambe jambes pied pieds œil yeux oreille oreilles cœur dos ventre voix
nom noms prénom prénoms âge naissance date dates adresse numéro signature
enfance jeunesse vieillesse mariage divorce décès deuil naissance grossesse
eau feu terre air ciel soleil lune étoile étoiles nuage nuages pluie neige vent orage
arbre arbres fleur fleurs herbe feuille feuilles bois pierre pierres roche rocher sable
rose roses violette violettes lys iris jasmin lilas tilleul tilleuls chêne olive olivier
marguerite marguerites capucine capucines pâquerette pensée pensées tulipe muguet
lavande bruyère fougère laurier myrte sauge menthe thym mimosa glycine glycines
acacia acacias peuplier peupliers platane platanes érable érables sapin sapins pin pins
cerise cerises pomme pommes poire poires prune prunes pêche pêches fraise fraises
orange oranges citron citrons banane bananes raisin raisins noix noisette amande amandes
pain pains baguette croissant gâteau gâteaux viande poulet poisson poissons légume
légumes fruit fruits café thé lait sucre sel beurre fromage œuf œufs repas déjeuner
dîner petit-déjeuner goûter cuisine boisson vin bière jus
chat chats chien chiens oiseau oiseaux cheval chevaux vache vaches mouton moutons
cochon lapin lapins poule poules coq canard loup loups renard renards ours lion tigre
merle merles moineau pigeon colombe colombes corbeau aigle martinet martin-pêcheur
abeille abeilles mouche papillon fourmi souris rat poisson
couleur couleurs blanc blanche blancs blanches noir noire noirs noires rouge rouges
bleu bleue bleus bleues vert verte verts vertes jaune jaunes gris grise violet
marron brun brune bruns brunes roux rousse blond blonde beige doré dorée argenté
marine clair claire clairs claires foncé foncée pâle vif vive
grand grande grands grandes petit petite petits petites gros grosse long longue longs
court courte haut haute bas basse large étroit fort forte forts faible faibles lourd léger
légère nouveau nouvelle nouveaux nouvelles neuf neuve ancien ancienne vieux jeune bon bonne
bons bonnes mauvais mauvaise beau belle beaux belles joli jolie laid chaud chaude froid
froide doux douce dur dure facile difficile simple compliqué compliquée rapide lent lente
plein pleine vide ouvert ouverte fermé fermée libre occupé occupée prêt prête sûr sûre
vrai vraie faux fausse juste important importante possible impossible nécessaire utile
inutile seul seule seuls seules ensemble propre sale riche pauvre heureux heureuse
triste content contente calme sage gentil gentille aimable patient patiente patience
prudent prudente prudence constance constant constante clément clémente clémence
sauvage normal normale normaux général générale principal principale national nationale
social sociale sociaux public publique privé privée personnel personnelle numérique
numériques informatique informatiques administratif administrative administratifs
français française françaises anglais anglaise arabe allemand allemande espagnol
espagnole italien italienne portugais portugaise turc turque chinois chinoise russe
breton bretonne normand normande basque alsacien alsacienne corse germain germaine
marin marine aimé aimée désiré désirée béni bénie fidèle modeste sincère
cher chère doux gai gaie gay joyeux joyeuse serein sereine vif
grâce victoire espérance espoir charité foi fortune bonheur paix
ange anges saint sainte saints saintes dieu
france europe afrique asie amérique monde
faire fait faite faits faites fais font ferai fera feront ferait faisait
dire dit dite dis disent dira dirait disait
aller va vais vont allé allée allés allées ira irait allait
venir vient viennent venu venue venus venues viendra viendrait venait revenu revenue
revient reviennent revenir devenir devenu devenue
voir voit voient vu vue vus vues verra verrait voyait revu revue revoir
savoir sait savent su saura saurait savait
pouvoir peut peuvent pu pourra pourrait pouvait
vouloir veut veulent voulu voudra voudrait voulait souhaite souhaitent souhaité souhaitait
souhaiterait souhaiter désire désirent désirer
devoir doit doivent dû devra devrait devait
prendre prend prennent pris prise prendra prendrait prenait
mettre met mettent mis mise mettra mettrait
donner donne donnent donné donnée donnera donnait
trouver trouve trouvent trouvé trouvée retrouver retrouve retrouvé retrouvée
parler parle parlent parlé parlait
passer passe passent passé passée passait repasser
demander demande demandent demandé demandée demandait
appeler appelle appellent appelé appelée appelait rappeler rappelle rappelé rappelée
rappelait
créer crée créent créé créée créait
envoyer envoie envoient envoyé envoyée envoyait
recevoir reçoit reçoivent reçu reçue recevait
arriver arrive arrivent arrivé arrivée arrivait
partir part partent parti partie partait
rester reste restent resté restée restait
tomber tombe tombé tombée
perdre perd perdent perdu perdue perdait
oublier oublie oublient oublié oubliée oubliait
comprendre comprend comprennent compris comprise comprenait
apprendre apprend apprennent appris apprise apprenait
connaître connaît connaissent connu connue connaissait
lire lit lisent lu lue lisait
écrire écrit écrivent écrite écrivait
ouvrir ouvre ouvrent ouvert ouverte
fermer ferme ferment fermé fermée
aider aide aident aidé aidée aidait
accompagner accompagne accompagné accompagnée
chercher cherche cherchent cherché cherchée cherchait
attendre attend attendent attendu attendue attendait
utiliser utilise utilisent utilisé utilisée utilisait
essayer essaie essaye essaient essayé essayait
réussir réussit réussi réussie réussissait
finir finit finissent fini finie finissait
commencer commence commencent commencé commencée
continuer continue continuent continué
payer paie paye payent payé payée payait
vendre vend vendent vendu vendue
acheter achète achètent acheté achetée
habiter habite habitent habité habitait
vivre vit vivent vécu vivait
travailler travaille travaillent travaillé travaillait
marier marie marient marié mariée mariés se marier remarier remarie
porter porte portent porté portée
changer change changent changé changée
montrer montre montrent montré montrée
expliquer explique expliquent expliqué expliquée
sembler semble semblent semblé
penser pense pensent pensé pensait
croire croit croient cru crue
sentir sent sentent senti sentie
revenir
tenir tient tiennent tenu tenue
suivre suit suivent suivi suivie
signer signe signé signée
remplir remplit rempli remplie
imprimer imprime imprimé imprimée
télécharger télécharge téléchargé téléchargée
enregistrer enregistre enregistré enregistrée
cliquer clique cliqué
taper tape tapé
saisir saisit saisi saisie
copier copie copié coller colle collé
installer installe installé installée
connecter connecte connecté connectée
déconnecter
bloquer bloque bloqué bloquée
débloquer
valider valide validé validée
vérifier vérifie vérifié vérifiée
modifier modifie modifié modifiée
réinitialiser réinitialise réinitialisé réinitialisée
expirer expire expiré expirée
renouveler renouvelle renouvelé renouvelée
déposer dépose déposé déposée
transmettre transmet transmis transmise
joindre joint jointe joignable
rencontrer rencontre rencontré rencontrée
orienter oriente orienté orientée
inscrire inscrit inscrite inscrits inscrites
noter note noté notée
dicter dicte dicté
épeler épelle
laisser laisse laissé laissée
garder garde gardé gardée
chanter chante chanté
rire rit ri
pleurer pleure pleuré
manger mange mangé
boire boit bu
dormir dort dormi
courir court couru
jouer joue joué
regarder regarde regardé
écouter écoute écouté
entendre entend entendu
répondre répond répondu
sortir sort sorti sortie
entrer entre entré entrée
monter monte monté montée
descendre descend descendu descendue
rentrer rentre rentré rentrée
retourner retourne retourné
penser
prévoir prévu prévue
annuler annule annulé annulée
reporter reporte reporté reportée
décaler décale décalé décalée
confirmer confirme confirmé confirmée
refuser refuse refusé refusée
accepter accepte accepté acceptée
recommencer recommence recommencé
stresser stressé stressée
inquiéter inquiète inquiet inquiété
énerver énervé énervée
fâcher fâché fâchée
soulager soulagé soulagée
rassurer rassuré rassurée
beau bel
bonjour bonsoir merci pardon salut au revoir
ok d'accord bravo
pôle emploi caf cpam msa ants urssaf carsat ccas cias cnaf apl rsa aah apa pch
vitale ameli franceconnect aidants connect pix crcn delf cap bep bac
orange free sfr bouygues leclerc carrefour auchan lidl intermarché darty fnac boulanger
decathlon ikea amazon google apple samsung microsoft windows android iphone whatsapp
facebook instagram snapchat tiktok twitter youtube linkedin leboncoin doctolib pronote
emmaüs croix-rouge secours restos
martinet merle loriot pinson rossignol fauvette
pêcheur pêcheurs pêche angulaire
jean jeans
ambre aurore céleste charlotte clémentine colin flore hermine jade madeleine martial maxime
mélodie octave oscar pascal romain romaine romane romains serge valentine auguste hyacinthe
placide urbain urbaine alpha samba manuel manuels marina milan duc van vans haï lin
picard picarde bourgeois bourgeoise moulin moulins poirier carré carrés charpentier millet
barre barres poulain chauvin cordier clerc courtois courtoise ferré ferrée lombard martel
marques vallée vallées barbe barbes barreau bigot billard bourdon châtelain chrétien chrétienne
colombier cornu forestière couturier couturière ménager ménagère ménage rondeau vaillant
vaillante vigneron vigneronne burger villa villas conte contes gallo pan pans bacon bain bains
bègue bouillon boulet bourreau cadet cadette caille champion championne chapelle chapelles
coquet coquette cornet feuillet gallois galloise genêt genet goujon gras grasse landais landaise
marais masse masses molle paquet paquets patin patins piquet portier prieur rebours rivet
sellier soulier souliers verger vergers pires pineau fontaine fontaines bonnet bonnets
barbier gaillard gaillarde mercier collet bouvier grondin maréchal buisson buissons laine
maillot maillots potier vert guillemot lacet blond
`;
